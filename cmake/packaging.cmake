# The Debian package: `cmake --build --preset release --target package` writes
# poolscope_<version>_amd64.deb in the build folder, from the install rules in packaging/.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME poolscope)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "${POOLSCOPE_MAINTAINER}")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION education)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
if(POOLSCOPE_HOMEPAGE)
  set(CPACK_DEBIAN_PACKAGE_HOMEPAGE ${POOLSCOPE_HOMEPAGE})
endif()
# Dependencies come from the binaries (dpkg-shlibdeps), not from a hand-written list.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# The Chinese translation needs a CJK font.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS fonts-noto-cjk)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "watch Python's concurrent.futures executors at work")
# The long description; CPack puts the summary first and indents each line (an empty one becomes " .").
set(CPACK_PACKAGE_DESCRIPTION "PoolScope teaches concurrency by showing a real executor at work. It
re-implements Python's concurrent.futures faithfully in C++ (Future, wait,
as_completed, map, ThreadPoolExecutor with a GIL model, ProcessPoolExecutor
with real forked workers and pipes) and animates every internal step.

poolscope is the window; poolscope-cli runs the same executors headless,
compares them and writes traces for Perfetto.")
# The archive holds only what the install rules name (no test or benchmark).
set(CPACK_DEB_COMPONENT_INSTALL OFF)
include(CPack)

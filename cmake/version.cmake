# The version header: PROJECT_VERSION (project() in the top-level CMakeLists.txt) as poolscope::kVersion,
# included as "core/version.h" (it has no Qt, so every layer can use it).
set(POOLSCOPE_LICENSE "MIT")
set(POOLSCOPE_GENERATED_DIR ${PROJECT_BINARY_DIR}/generated)
configure_file(${CMAKE_CURRENT_LIST_DIR}/version.h.in ${POOLSCOPE_GENERATED_DIR}/core/version.h @ONLY)
target_include_directories(poolscope_core PUBLIC ${POOLSCOPE_GENERATED_DIR})

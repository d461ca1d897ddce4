#!/usr/bin/env python3
"""Every user-visible string of the window is translated in zh_CN, for the sources as they are.

Usage: tst_translations.py LUPDATE GENERATOR PROJECT_CMAKE TS_FILE
Runs lupdate (the poolscope_lupdate target's project, written anew by Qt's GENERATOR script) on a
copy of TS_FILE and fails
when a message is unfinished, or when the copy's messages differ from TS_FILE's (a string added,
changed or gone in the sources since the .ts was refreshed).
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET


def messages(path):
    out = {}
    for ctx in ET.parse(path).getroot().iter('context'):
        name = ctx.findtext('name')
        for msg in ctx.iter('message'):
            tr = msg.find('translation')
            out[(name, msg.findtext('source'))] = tr.get('type') if tr is not None else 'missing'
    return out


def main():
    lupdate, generator, project_cmake, ts = sys.argv[1:5]
    with tempfile.TemporaryDirectory() as tmp:
        project_json = os.path.join(tmp, 'project.json')
        subprocess.run(['cmake', f'-DIN_FILE={project_cmake}', f'-DOUT_FILE={project_json}', '-P', generator],
                       check=True, stdout=subprocess.DEVNULL, timeout=60)
        copy = os.path.join(tmp, os.path.basename(ts))
        shutil.copy(ts, copy)
        with open(project_json) as f:
            project = json.load(f)
        for p in project if isinstance(project, list) else [project]:
            p['translations'] = [copy]
        with open(project_json, 'w') as f:
            json.dump(project, f)
        subprocess.run([lupdate, '-project', project_json, '-no-obsolete', '-locations', 'none', '-silent'],
                       check=True, timeout=300)
        before, after = messages(ts), messages(copy)
    bad = []
    for key in sorted(set(after) - set(before), key=str):
        bad.append(f'{ts}: new in the sources, not in the .ts: {key[0]}: {key[1]!r}')
    for key in sorted(set(before) - set(after), key=str):
        bad.append(f'{ts}: in the .ts, gone from the sources: {key[0]}: {key[1]!r}')
    for key, kind in sorted(after.items(), key=str):
        if kind in ('unfinished', 'vanished', 'obsolete', 'missing'):
            bad.append(f'{ts}: {kind}: {key[0]}: {key[1]!r}')
    print('\n'.join(bad) if bad else f'{len(after)} messages, all translated')
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())

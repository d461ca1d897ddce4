#!/usr/bin/env python3
"""Fills poolscope_zh_CN.ts from zh_CN.py after lupdate has refreshed the sources.

Usage: python3 resources/translations/fill_ts.py
Strings without an entry stay unfinished (Qt then shows the English source).
"""
import os
import sys
import xml.etree.ElementTree as ET

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
from zh_CN import T  # noqa: E402

path = os.path.join(here, 'poolscope_zh_CN.ts')
tree = ET.parse(path)
done = missing = 0
for msg in tree.getroot().iter('message'):
    src = msg.find('source').text or ''
    tr = msg.find('translation')
    if src in T:
        tr.attrib.pop('type', None)
        if msg.get('numerus') == 'yes':
            for child in list(tr):
                tr.remove(child)
            tr.text = None
            form = ET.SubElement(tr, 'numerusform')
            form.text = T[src]
        else:
            tr.text = T[src]
        done += 1
    else:
        tr.set('type', 'unfinished')
        missing += 1
        print('untranslated:', repr(src))
tree.write(path, encoding='utf-8', xml_declaration=True)
print(f'{done} translated, {missing} left in English')

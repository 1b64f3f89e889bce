#!/usr/bin/env python3
"""Omission placement on bible-dev: cut three-verse omissions from the Spanish (Luke every
29th verse, Ruth every 6th; all of a book's cuts at once) and count the omissions lectio
misplaces: no omission finding whose source sentences are exactly the English sentences of
the three verses, or the English verse after the gap not paired with its own Spanish text.

Usage: scripts/omission-placement.py [LECTIO_BINARY]   (default target/release/lectio)
Needs ../shared/bible-dev (or LECTIO_SHARED/bible-dev).
"""
import json, os, subprocess, sys, tempfile

B = sys.argv[1] if len(sys.argv) > 1 else 'target/release/lectio'
base = os.environ.get('LECTIO_SHARED') or next((d for d in ['../shared', '../../shared'] if os.path.isdir(d)), '../shared')
S = os.path.join(base, 'bible-dev') + '/'
tot=bad=0
for book,every in [('Luke',29),('Ruth',6)]:
    en=open(S+'en-%s.txt'%book).read(); es=open(S+'es-%s.txt'%book,'rb').read()
    ens=json.load(open(S+'en-%s.spans.json'%book)); ess=json.load(open(S+'es-%s.spans.json'%book))
    esd={(c,v):(a,b) for c,v,a,b in ess}; end={(c,v):(a,b) for c,v,a,b in ens}
    keys=[(c,v) for c,v,a,b in ess]
    cuts=[]; k=every-1
    while k+3<len(keys):
        trip=keys[k:k+3]; nxt=keys[k+3]
        if trip[0][0]==trip[2][0] and all(t in end for t in trip) and nxt in end: cuts.append((trip,nxt))
        k+=every
    # build cut text
    out=[]; pos=0; removed=[]
    for trip,nxt in cuts:
        a=esd[trip[0]][0]; b=esd[trip[2]][1]
        if b<len(es) and es[b:b+1]==b' ': b+=1
        out.append(es[pos:a]); pos=b
    out.append(es[pos:]); cut=b''.join(out)
    d=tempfile.mkdtemp()
    open(d+'/en-t.txt','w').write(en); open(d+'/es-t.txt','wb').write(cut)
    r=subprocess.run([B,'align','--format','json',d+'/en-t.txt',d+'/es-t.txt'],capture_output=True)
    v=json.loads(r.stdout)
    sents=v['source']['sentences']; t=v['translations'][0]; tsents=t['target']['sentences']
    oms=[f for f in t['findings'] if f['kind']=='omission']
    omsrc=[tuple(f['src']) for f in oms]
    for trip,nxt in cuts:
        tot+=1
        ea=end[trip[0]][0]; eb=end[trip[2]][1]
        want=tuple(s['id'] for s in sents if s['start']>=ea and s['end']<=eb+1)
        ok = want in omsrc
        na=end[nxt][0]
        fa=next(s['id'] for s in sents if s['start']>=na)
        bead=next(b for b in t['beads'] if fa in b['src'])
        sa,sb=esd[nxt]; verse=es[sa:sb].decode()
        if bead['tgt']:
            head=tsents[bead['tgt'][0]]['text'][:20]
            ok = ok and verse.startswith(head)
        else: ok=False
        if not ok: bad+=1
print('misplaced %d of %d'%(bad,tot))

#!/usr/bin/env python3
# How far can a customer's taste take a list on a generated world? The generator gives each
# customer two favourite categories and nothing else (src/data/world_simulation.cpp), so the
# best it allows is roughly recent popularity boosted by the customer's category shares:
#   score(u, j) = buyers_90d(j) * (1 + alpha * share_u(category(j)) * categories)
# Scored on the validation split of `oiis recommend eval` (last basket dropped, second-to-last
# held out, only new products count) with HR@10; alpha = 0 is the popularity baseline and must
# equal `oiis recommend eval --validation`'s popularity row (an independent check of it).
#   bench/recommend_category_ceiling.py DATA_DIR val|test     (pure Python, ~30 s on 300 products)
import sqlite3, math, collections, sys
db=sqlite3.connect(sys.argv[1]+'/oiis.db')
cat={pid:c for pid,c in db.execute("select id, category from products")}
items=sorted(cat)
orders=collections.defaultdict(list)
lines=collections.defaultdict(set)
for oid,pid,q in db.execute("select order_id, product_id, quantity from order_lines where quantity>0"): lines[oid].add(pid)
for oid,cid,st,at in db.execute("select id, customer_id, status, placed_at from orders where customer_id is not null and status!='cancelled'"):
    if lines[oid]: orders[cid].append((at,oid,None))
def day(at):  # placed_at as epoch seconds or ISO text
    try: return int(at)//86400
    except: 
        import datetime; return int(datetime.datetime.fromisoformat(at.replace('Z','+00:00')).timestamp())//86400
hist={}
for cid,os in orders.items():
    os.sort()
    hist[cid]=[(day(a),lines[o]) for a,o,_ in os]
# validation split: drop last, hold out second-to-last
def split(h):
    tr={};ho={}
    for c,bs in h.items():
        if len(bs)<2: tr[c]=bs; continue
        tr[c]=bs[:-1]; before=set().union(*[b for _,b in bs[:-1]])
        new=bs[-1][1]-before
        if new: ho[c]=new
    return tr,ho
mode=sys.argv[2]  # val: the validation split; test: the held-out last baskets
t1,_=split(hist)
tr,ho = split(t1) if mode=='val' else split(hist)
last=max(d for bs in tr.values() for d,_ in bs)
def pop(window):
    p=collections.Counter()
    for c,bs in tr.items():
        s=set().union(*[b for d,b in bs if d>last-window]) if any(d>last-window for d,_ in bs) else set()
        p.update(s)
    return p
for window in (30,90):
  P=pop(window)
  for alpha in (0, 0.5, 1, 2, 4, 8):
    hits=0;n=0
    for c,h in ho.items():
        bought=set().union(*[b for _,b in tr[c]])
        cc=collections.Counter(cat[i] for _,b in tr[c] for i in b); tot=sum(cc.values())
        sc=[(P[i]*(1+alpha*cc[cat[i]]/tot*len(set(cat.values()))), -i) for i in items if i not in bought]
        sc.sort(reverse=True)
        top=[-x[1] for x in sc[:10]]
        n+=1; hits+= any(i in h for i in top)
    print(mode, window, alpha, round(hits/n,4), n)

import json, re, sys, itertools, collections
D = sys.argv[1]
g = json.load(open(D + "/gold.json"))
Q = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})
norm = lambda s: re.sub(r"\s+", " ", s.translate(Q)).strip()
texts = {f: norm(open(D + "/" + f, encoding="utf-8").read()) for f in g["sources"]}
err = []
ids = [i["id"] for i in g["items"]]
dup = [k for k, v in collections.Counter(ids).items() if v > 1]
if dup: err.append(f"duplicate ids {dup}")
by = {i["id"]: i for i in g["items"]}
pub = {f: s["publisher"] for f, s in g["sources"].items()}
for it in g["items"]:
    if it["source"] not in texts: err.append(f"{it['id']}: unknown source"); continue
    a = norm(it["anchor"]); n = texts[it["source"]].count(a)
    if n != 1: err.append(f"{it['id']}: anchor occurs {n}x")
    if len(a.split()) < 6: err.append(f"{it['id']}: anchor < 6 words")
    if ("utc" in it) == ("date" in it): err.append(f"{it['id']}: needs exactly one of utc/date")
    if "utc" in it and not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", it["utc"]): err.append(f"{it['id']}: bad utc")
# file order vs time (newest first) sanity
for f in texts:
    its = [i for i in g["items"] if i["source"] == f and "utc" in i]
    its.sort(key=lambda i: texts[f].find(norm(i["anchor"])))
    ts = [i["utc"] for i in its]
    if ts != sorted(ts, reverse=True): err.append(f"{f}: timed items not newest-first: {[i['id'] for i in its]}")
def chk(p, kind):
    a, b = p
    if a not in by or b not in by: err.append(f"{kind} {p}: unknown id"); return False
    if pub[by[a]["source"]] == pub[by[b]["source"]]: err.append(f"{kind} {p}: same outlet")
    return True
mk = {}
for m in g["must"]:
    if chk(m["pair"], "must"):
        k = frozenset(m["pair"])
        if k in mk: err.append(f"must dup {m['pair']}")
        mk[k] = m
    if m["verdict"] not in ("corroborated", "conflicting", "single_source"): err.append(f"bad verdict {m}")
    if (m["verdict"] == "single_source") != ("wire" in m): err.append(f"wire/verdict mismatch {m['pair']}")
ok_ = set()
for p in g["optional"]:
    if chk(p, "optional"): ok_.add(frozenset(p))
hk = set()
for h in g["hard_negatives"]:
    if chk(h["pair"], "hard"): hk.add(frozenset(h["pair"]))
if set(mk) & ok_: err.append(f"must∩optional {set(mk)&ok_}")
if set(mk) & hk: err.append(f"must∩hard {set(mk)&hk}")
if ok_ & hk: err.append(f"optional∩hard {ok_&hk}")
# transitivity: components of must graph
par = {}
def find(x):
    par.setdefault(x, x)
    while par[x] != x: par[x] = par[par[x]]; x = par[x]
    return x
for k in mk:
    a, b = tuple(k); par[find(a)] = find(b)
comps = collections.defaultdict(list)
for x in list(par): comps[find(x)].append(x)
for c in comps.values():
    for a, b in itertools.combinations(c, 2):
        if pub[by[a]["source"]] == pub[by[b]["source"]]: continue
        k = frozenset((a, b))
        if k not in mk and k not in ok_: err.append(f"transitivity: {a}~{b} missing")
    vs = {(mk[k]["verdict"], mk[k].get("wire"), mk[k]["event"]) for k in mk if k <= set(c)}
    if len({v[:2] for v in vs}) > 1: err.append(f"verdict inconsistent in {c}: {vs}")
print("items", len(ids), "must", len(mk), "optional", len(ok_), "hard", len(hk), "events", len(comps))
cnt = collections.Counter(by[i]["source"] for i in ids); print(dict(cnt))
ev = collections.Counter(); 
for k, m in mk.items(): ev[(m["event"][:60], m["verdict"], m.get("wire"))] += 1
for k, v in ev.items(): print(v, k)
print("ERRORS:" if err else "OK", *err, sep="\n")

#!/usr/bin/env python3
"""Generate OCDS releases for the procurement benchmark (bench/procurement.sh).

    gen_procurement.py -n PROCUREMENTS [--package] OUT

Two releases per procurement (tender, then award with bids, awards,
contracts and parties), as JSON Lines or, with --package, as one release
package. Deterministic (fixed seed); invented names."""

import argparse
import json
import random

p = argparse.ArgumentParser()
p.add_argument("-n", type=int, default=50000)
p.add_argument("--package", action="store_true")
p.add_argument("out")
a = p.parse_args()
rnd = random.Random(7)


def releases(i):
    ocid = "ocds-bench-%07d" % i
    buyer = "B%03d" % rnd.randrange(300)
    method = rnd.choice(["open", "open", "selective", "limited", "limited"])
    ref = rnd.randrange(20, 5000) * 1000
    won = ref * rnd.randrange(60, 101) // 100
    d = 1 + rnd.randrange(28)
    m = 1 + rnd.randrange(12)
    t = {"ocid": ocid, "id": "t", "date": "2025-%02d-%02dT09:00:00+07:00" % (m, d),
         "buyer": {"id": buyer, "name": "หน่วยงาน " + buyer},
         "tender": {"id": ocid, "title": "โครงการทดสอบ %d" % i, "procurementMethod": method,
                    "value": {"amount": ref, "currency": "THB"},
                    "tenderPeriod": {"startDate": "2025-%02d-%02dT09:00:00+07:00" % (m, d),
                                     "endDate": "2025-%02d-%02dT09:00:00+07:00" % (m, min(d + rnd.randrange(5, 25), 28))}}}
    n = 1 if method == "limited" else rnd.randrange(1, 5)
    firms = ["F%04d" % rnd.randrange(3000) for _ in range(n)]
    bids = [{"id": "b%d" % k, "tenderers": [{"id": f, "name": "บริษัท " + f}],
             "value": {"amount": won + k * 1000}} for k, f in enumerate(firms)]
    parties = [{"id": f, "name": "บริษัท " + f, "roles": ["tenderer"],
                "identifier": {"id": "0745%09d" % int(f[1:])},
                "address": {"streetAddress": "%s ถนนเศรษฐกิจ" % f[1:]},
                "contactPoint": {"telephone": "034%06d" % int(f[1:])}} for f in firms]
    w = {"ocid": ocid, "id": "a", "date": "2025-%02d-28T10:00:00+07:00" % m, "parties": parties,
         "bids": {"details": bids},
         "awards": [{"id": "a1", "status": "active", "suppliers": [{"id": firms[0]}],
                     "value": {"amount": won}}],
         "contracts": [{"id": "c1", "awardID": "a1", "value": {"amount": won},
                        "dateSigned": "2025-%02d-28" % m}]}
    return t, w


with open(a.out, "w", encoding="utf-8") as f:
    if a.package:
        f.write('{"uri":"https://example.org/bench","version":"1.1","releases":[\n')
    first = True
    for i in range(a.n):
        for r in releases(i):
            s = json.dumps(r, ensure_ascii=False, separators=(",", ":"))
            if a.package:
                f.write(("" if first else ",\n") + s)
            else:
                f.write(s + "\n")
            first = False
    if a.package:
        f.write("\n]}\n")

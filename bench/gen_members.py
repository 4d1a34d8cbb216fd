#!/usr/bin/env python3
"""Write a CSV of invented but valid members for the import benchmark.

    bench/gen_members.py OUT.csv [-n 100000] [--seed 2567] [--no-citizen-id]

Every row passes `sodsong import members`: Thai and English names combined
from small lists, a unique mobile number (10 digits, 06/08/09), a unique
citizen ID with the right check digit, Khon Kaen (province 40) with a
district from 4001-4025, kind volunteer, role member, consent yes. The same
seed gives the same file. --no-citizen-id leaves that column empty (the
same people otherwise), to measure what sealing and hashing the IDs costs.
"""
import argparse
import csv
import random
import sys

GIVEN = [
    ("สมชาย", "Somchai"), ("สมศรี", "Somsri"), ("วิชัย", "Wichai"), ("มาลี", "Mali"),
    ("ประเสริฐ", "Prasoet"), ("สุนีย์", "Sunee"), ("อนงค์", "Anong"),
    ("ธนพล", "Thanaphon"), ("กิตติ", "Kitti"), ("ปราณี", "Pranee"), ("บุญมี", "Bunmi"),
    ("นภา", "Napha"), ("สุดา", "Suda"), ("ชัยวัฒน์", "Chaiwat"), ("พรทิพย์", "Phonthip"),
    ("วราภรณ์", "Waraphon"), ("อรุณ", "Arun"), ("จันทร์เพ็ญ", "Chanphen"),
    ("ณัฐวุฒิ", "Nattawut"), ("ศิริพร", "Siriporn"), ("ทองใบ", "Thongbai"),
    ("สมพงษ์", "Somphong"), ("รัตนา", "Rattana"), ("ประยูร", "Prayoon"),
    ("อำนาจ", "Amnat"), ("เพ็ญศรี", "Phensri"), ("สุรชัย", "Surachai"),
    ("กาญจนา", "Kanchana"), ("วีระ", "Weera"), ("ลำดวน", "Lamduan"),
]
FAMILY = [
    ("ศรีสุข", "Srisuk"), ("ใจดี", "Jaidee"), ("แก้วมณี", "Kaewmanee"), ("บุญมา", "Bunma"),
    ("ทองดี", "Thongdee"), ("พลอยงาม", "Ploy-ngam"), ("สุขสวัสดิ์", "Suksawat"),
    ("วงศ์ไทย", "Wongthai"), ("ภูผา", "Phupha"), ("มั่นคง", "Mankhong"),
    ("ศรีอีสาน", "Sri-isan"), ("คำแสน", "Khamsaen"), ("ชัยมงคล", "Chaimongkhon"),
    ("นาคสวัสดิ์", "Naksawat"), ("พรหมมา", "Phromma"), ("แสนสุข", "Saensuk"),
    ("อินทร์แก้ว", "Inkaew"), ("ปัญญาดี", "Panyadee"), ("สีดา", "Sida"),
    ("หอมจันทร์", "Homchan"), ("บัวทอง", "Buathong"), ("เพชรรัตน์", "Phetcharat"),
    ("ดวงแก้ว", "Duangkaew"), ("โพธิ์ศรี", "Phosri"), ("จันทร์หอม", "Chanhom"),
    ("ราชวงศ์", "Ratchawong"), ("ทองคำ", "Thongkham"), ("สายบุญ", "Saibun"),
    ("อุดมสุข", "Udomsuk"), ("มีสุข", "Meesuk"),
]
HEADER = ["given_th", "family_th", "given_en", "family_en", "phone", "citizen_id",
          "kind", "role", "province", "district", "consent"]


def cid_check(d12):
    """The check digit of a Thai citizen ID for its first twelve digits."""
    s = sum(int(c) * (13 - i) for i, c in enumerate(d12))
    return (11 - s % 11) % 10


def unique(rng, seen, make):
    while True:
        v = make(rng)
        if v not in seen:
            seen.add(v)
            return v


def phone(rng):
    return rng.choice(("06", "08", "09")) + "%08d" % rng.randrange(10 ** 8)


def citizen_id(rng):
    d12 = str(rng.randrange(1, 9)) + "%011d" % rng.randrange(10 ** 11)
    return d12 + str(cid_check(d12))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", help="CSV file to write ('-' for standard output)")
    ap.add_argument("-n", type=int, default=100000, help="rows (default 100000)")
    ap.add_argument("--seed", type=int, default=2567)
    ap.add_argument("--no-citizen-id", action="store_true",
                    help="leave the citizen_id column empty")
    args = ap.parse_args()
    if args.n < 0 or args.n > 5000000:
        ap.error("-n must be between 0 and 5000000")

    rng = random.Random(args.seed)
    phones, cids = set(), set()
    f = sys.stdout if args.out == "-" else open(args.out, "w", newline="", encoding="utf-8")
    try:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(HEADER)
        for _ in range(args.n):
            g = rng.choice(GIVEN)
            fam = rng.choice(FAMILY)
            p = unique(rng, phones, phone)
            c = unique(rng, cids, citizen_id)  # drawn either way: same people
            district = "40%02d" % rng.randint(1, 25)
            w.writerow([g[0], fam[0], g[1], fam[1], p, "" if args.no_citizen_id else c,
                        "volunteer", "member", "40", district, "yes"])
    finally:
        if f is not sys.stdout:
            f.close()


if __name__ == "__main__":
    main()

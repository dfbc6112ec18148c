#!/usr/bin/env python3
"""Writes synthetic history for the scale benchmarks as JSON Lines files that
`gongkai import applications` and `gongkai import items` load (formats in
docs/formats.md), split into files under the importer's 64 MB limit.

  bench/gen_scale.py --applications 1000000 --items 1000000 --out DIR \
      [--departments 党政办公室,社区管理办公室] [--prefix bench] [--seed 1]

Applications: received evenly over the years before --until (default
yesterday), most closed with an outcome drawn from the national report's
shares, the last few weeks' still open. Items: published over the same
years, titles and bodies from a small vocabulary. Fixed seed, so a size
always yields the same data."""

import argparse
import datetime as dt
import json
import os
import random

OUTCOMES = [("granted", 40), ("partial", 12), ("denied.third_party", 4), ("denied.process_info", 3),
            ("denied.internal_affairs", 2), ("unable.not_held", 20), ("unable.need_creation", 3),
            ("unable.unclear", 2), ("not_processed.petition", 4), ("not_processed.repeat", 3),
            ("not_processed.publication", 1), ("other.no_correction", 4), ("other.other", 2)]
TYPES = [("natural", 85), ("commercial", 6), ("research", 1), ("public_welfare", 1), ("legal_service", 5),
         ("other_org", 2)]
CHANNELS = [("online", 60), ("in_person", 15), ("post", 20), ("fax", 1), ("email", 4)]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"
SUBJECTS = ["加装电梯", "旧区改造", "征收补偿", "房屋租赁", "社区养老", "低保救助", "垃圾分类", "停车管理",
            "绿化养护", "城市更新", "违法建筑", "噪声扰民", "消防安全", "就业补贴", "医疗救助", "物业管理",
            "历史建筑保护", "道路施工", "菜场改造", "文化活动"]
KINDS = ["审批材料", "会议纪要", "实施方案", "补偿标准", "资金使用情况", "规划图纸", "处理结果", "评估报告",
         "工作计划", "统计数据"]
CATEGORIES = ["0101", "0103", "0201", "0202", "0203", "0301", "0303", "0401", "0402", "0403", "0404", "05",
              "0601", "0602", "0603", "0604", "0605", "0606", "0607", "0608", "07", "09"]
GROUNDS = ["art19", "art20_1", "art20_2", "art20_3"]
MAX_FILE_BYTES = 60 * 1024 * 1024


def pick(rng, weighted):
    total = sum(w for _, w in weighted)
    r = rng.uniform(0, total)
    for value, w in weighted:
        r -= w
        if r <= 0:
            return value
    return weighted[-1][0]


class Chunks:
    """Writes lines to NAME-0001.jsonl, NAME-0002.jsonl, … under the size cap."""

    def __init__(self, out, name):
        self.out, self.name, self.n, self.f, self.size = out, name, 0, None, 0

    def write(self, obj):
        line = (json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
        if self.f is None or self.size + len(line) > MAX_FILE_BYTES:
            if self.f:
                self.f.close()
            self.n += 1
            self.f = open(os.path.join(self.out, f"{self.name}-{self.n:04d}.jsonl"), "wb")
            self.size = 0
        self.f.write(line)
        self.size += len(line)

    def close(self):
        if self.f:
            self.f.close()


def applications(args, rng, until):
    out = Chunks(args.out, "applications")
    days = args.years * 365
    start = until - dt.timedelta(days=days)
    seq_by_year = {}
    for i in range(args.applications):
        received = start + dt.timedelta(days=int(i * days / max(args.applications, 1)))
        year = received.year
        seq_by_year[year] = seq_by_year.get(year, 0) + 1
        subject, kind = rng.choice(SUBJECTS), rng.choice(KINDS)
        rec = {
            "ref": f"{year}-{args.prefix}{seq_by_year[year]:07d}",
            "applicant": {"type": pick(rng, TYPES), "name": rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)},
            "channel": pick(rng, CHANNELS),
            "received": received.isoformat(),
            "request": f"申请公开本街道{subject}相关的{kind}，包括{year}年度的具体情况及依据。",
        }
        age = (until - received).days
        if age > 30 or rng.random() < 0.5:
            closed = min(received + dt.timedelta(days=rng.randint(1, 40)), until)
            rec["outcome"] = pick(rng, OUTCOMES)
            rec["closed"] = closed.isoformat()
        else:
            rec["outcome"] = None
        out.write(rec)
    out.close()
    return out.n


def items(args, rng, until):
    out = Chunks(args.out, "items")
    days = args.years * 365
    start = until - dt.timedelta(days=days)
    departments = args.departments.split(",")
    for i in range(args.items):
        published = start + dt.timedelta(days=int(i * days / max(args.items, 1)))
        formed = published - dt.timedelta(days=rng.randint(0, 15))
        subject, kind = rng.choice(SUBJECTS), rng.choice(KINDS)
        title = f"关于{published.year}年{subject}{kind}的公告（第{i + 1}号）"
        body = "".join(f"{rng.choice(SUBJECTS)}工作按照有关规定推进，{rng.choice(KINDS)}已经形成。" for _ in range(8))
        out.write({
            "index_no": f"{args.prefix}/{published.year}-{i + 1:07d}",
            "title": title,
            "department": rng.choice(departments),
            "category": rng.choice(CATEGORIES),
            "formed_on": formed.isoformat(),
            "published_on": published.isoformat(),
            "ground": rng.choice(GROUNDS),
            "body": body,
        })
    out.close()
    return out.n


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--applications", type=int, default=0)
    ap.add_argument("--items", type=int, default=0)
    ap.add_argument("--out", required=True)
    ap.add_argument("--departments", default="党政办公室,社区管理办公室")
    ap.add_argument("--prefix", default="B", help="distinguishes the generated 申请编号 and 索引号")
    ap.add_argument("--years", type=int, default=5)
    ap.add_argument("--until", default=None, help="the last day (YYYY-MM-DD; default yesterday)")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    until = dt.date.fromisoformat(args.until) if args.until else dt.date.today() - dt.timedelta(days=1)
    rng = random.Random(args.seed)
    a = applications(args, rng, until) if args.applications else 0
    rng = random.Random(args.seed + 1)
    i = items(args, rng, until) if args.items else 0
    print(f"{args.applications} applications in {a} files, {args.items} items in {i} files under {args.out}")


if __name__ == "__main__":
    main()

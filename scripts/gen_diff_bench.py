#!/usr/bin/env python3
"""Generates the inputs of scripts/bench_diff.sh: two agreements with a 1,000-indicator annex.

    scripts/gen_diff_bench.py OUT [--rows 1000] [--seed 7]

writes into OUT:
  a.md, b.md   two Markdown agreements in the layout of corpus/seeds/001_08ce58bb254aa3f5.txt:
               the annex is a tab-separated table under a `## …服务指标` heading, with the header
               服务类别 服务大项 服务要求 服务细项 专业服务量化标准, and merged cells left empty (the
               category, item and requirement only on the first row they cover);
  a.csv, b.csv the same two indicator tables as CSV (every cell filled in, one indicator a row:
               category,item,requirement,subitem,standard), for `daff diff a.csv b.csv`;
  changes.json what B changes, by kind, with the A and B row numbers (0-based) of each:
               10 % of the rows — targets tightened and loosened, rows removed and added, rows
               reworded without their targets changing, rows moved to another item.

Deterministic for a given --seed. Standard library only.
"""
import argparse
import csv
import json
import os
import random
import re

CATEGORIES = ["社区党员服务", "社区服务类", "社区治理类", "专项服务类", "特色公共服务",
              "儿童青少年服务", "长者关爱服务", "残障人士服务", "妇女家庭服务", "应急救助服务"]
VERBS = ["协助开展", "组织开展", "做好", "定期开展", "联合开展", "策划实施", "配合开展", "持续推进",
         "牵头开展", "指导开展", "统筹开展", "积极开展"]
OBJECTS = ["入户走访", "政策宣讲", "志愿服务", "个案管理", "小组活动", "社区活动", "需求调查", "心理疏导",
           "资源链接", "危机干预", "健康讲座", "文体活动", "法律咨询", "就业指导", "邻里互助", "安全教育",
           "亲子活动", "读书分享", "技能培训", "防灾演练", "环境整治", "议事协商", "关爱探访", "信息登记"]
TARGETS = ["老年人", "困境儿童", "残疾人", "低保家庭", "退役军人", "外来人口", "青少年", "妇女",
           "独居长者", "志愿者", "社区居民", "特困人员", "流动儿童", "失业人员"]
PURPOSES = ["建立服务台账", "提升参与意识", "增强社会支持", "促进社区融入", "化解矛盾纠纷", "营造和谐氛围",
            "完善服务网络", "提高自助能力", "落实关爱措施", "加强风险防范", "培育社区骨干", "整合社区资源"]
MEASURES = [("活动不少于{n}场", "场"), ("不少于{n}次服务", "次"), ("每月不少于{n}次", "次"),
            ("走访覆盖率达到{p}%", "%"), ("志愿时长不少于{h}小时", "小时"), ("小组至少{n}节", "节"),
            ("每季度更新信息至少{n}次", "次"), ("发展志愿者不少于{v}人", "人")]
ITEMS_PER_CATEGORY = 10


def standard(rng):
    """A standard of one or two targets, with the numbers it holds."""
    def one():
        fmt, _ = rng.choice(MEASURES)
        return fmt.format(n=rng.randint(2, 12), p=rng.choice([80, 90, 95, 100]), h=rng.choice([20, 40, 60, 80]),
                          v=rng.choice([10, 20, 30, 60]))
    parts = [one()] if rng.random() < 0.7 else [one(), one()]
    if len(parts) == 1:
        return parts[0]
    return " ".join(f"{k}. {p}" for k, p in enumerate(parts, 1))


def change_numbers(text, rng, up):
    """The standard with one number raised (up) or lowered, or None when none can be: a
    tightened or loosened target (for these standards — 不少于, 至少, 达到 — more asks more).
    List labels (`1. `) are not numbers of the standard; a rate stays within 100 %."""
    for m in re.finditer(r"(?<![.\d])(\d+)(?![.\d])", text):
        n = int(m.group(1))
        is_rate = text[m.end():m.end() + 1] == "%"
        if up:
            new = min(100, n + rng.randint(1, 3)) if is_rate else n + rng.randint(1, 3)
        else:
            new = n - rng.randint(1, min(3, n - 1)) if n > 1 else n
        if new != n:
            return text[:m.start()] + str(new) + text[m.end():]
    return None


def subitem_text(rng, used):
    while True:
        t = f"{rng.choice(VERBS)}{rng.choice(TARGETS)}{rng.choice(OBJECTS)}，{rng.choice(PURPOSES)}，" \
            f"{rng.choice(OBJECTS)}与{rng.choice(OBJECTS)}相结合，第{rng.randint(1, 999)}号服务。"
        if t not in used:
            used.add(t)
            return t


def make_a(rows, rng):
    """A's rows: (category, item, requirement, subitem text, standard), rows split evenly over
    10 categories × 10 items."""
    used = set()
    out = []
    per_item = max(1, rows // (len(CATEGORIES) * ITEMS_PER_CATEGORY))
    k = 0
    for ci, cat in enumerate(CATEGORIES):
        for ii in range(ITEMS_PER_CATEGORY):
            item = f"{ii + 1}、{rng.choice(TARGETS)}{rng.choice(OBJECTS)}服务"
            req = f"为{rng.choice(TARGETS)}提供{rng.choice(OBJECTS)}、{rng.choice(OBJECTS)}等服务，{rng.choice(PURPOSES)}"
            for _ in range(per_item):
                if k >= rows:
                    break
                out.append({"category": cat, "item": item, "requirement": req,
                            "subitem": subitem_text(rng, used), "standard": standard(rng)})
                k += 1
    while k < rows:  # rows not a multiple of 100: the rest under the last item
        last = out[-1]
        out.append(dict(last, subitem=subitem_text(rng, used), standard=standard(rng)))
        k += 1
    return out, used


def reword(text, rng):
    """The same service said a little differently (no number touched)."""
    for a, b in [("协助开展", "协助组织"), ("组织开展", "组织实施"), ("做好", "认真做好"), ("定期开展", "按期开展"),
                 ("联合开展", "联合推进"), ("策划实施", "策划并实施"), ("配合开展", "配合做好"), ("持续推进", "持续开展"),
                 ("牵头开展", "牵头组织"), ("指导开展", "指导推进"), ("统筹开展", "统筹推进"), ("积极开展", "积极组织")]:
        if text.startswith(a):
            return b + text[len(a):]
    return "进一步" + text


def make_b(a, rng, used, share=0.10):
    """B = A with `share` of the rows changed, in known ways."""
    n = len(a)
    changed = int(round(n * share))
    plan = {"tightened": int(changed * 0.3), "loosened": int(changed * 0.2), "removed": int(changed * 0.15),
            "reworded": int(changed * 0.1), "moved": int(changed * 0.1)}
    plan["added"] = changed - sum(plan.values())
    candidates = list(range(n))
    rng.shuffle(candidates)
    picks = {kind: [] for kind in ["tightened", "loosened", "removed", "reworded", "moved"]}
    taken = set()
    for kind in picks:
        for i in candidates:
            if len(picks[kind]) == plan[kind]:
                break
            if i in taken:
                continue
            if kind in ("tightened", "loosened") and change_numbers(a[i]["standard"], random.Random(0), kind == "tightened") is None:
                continue
            picks[kind].append(i)
            taken.add(i)
        picks[kind].sort()

    rows = [dict(r, src=i) for i, r in enumerate(a)]
    for i in picks["tightened"]:
        rows[i]["standard"] = change_numbers(rows[i]["standard"], rng, up=True)
    for i in picks["loosened"]:
        rows[i]["standard"] = change_numbers(rows[i]["standard"], rng, up=False)
    assert all(rows[i]["standard"] for i in picks["tightened"] + picks["loosened"])
    for i in picks["reworded"]:
        rows[i]["subitem"] = reword(rows[i]["subitem"], rng)
    items = sorted({(r["category"], r["item"], r["requirement"]) for r in a})
    moved_to = {}
    for i in picks["moved"]:
        # To another item of another category: the row leaves its block and joins the other one.
        here = (rows[i]["category"], rows[i]["item"], rows[i]["requirement"])
        other = rng.choice([t for t in items if t[0] != here[0]])
        moved_to[i] = other
    removed = set(picks["removed"])
    kept = [r for r in rows if r["src"] not in removed and r["src"] not in moved_to]
    # Moved rows go at the end of their new item's block.
    for i, (cat, item, req) in moved_to.items():
        row = dict(rows[i], category=cat, item=item, requirement=req)
        last = max(k for k, r in enumerate(kept) if r["item"] == item and r["category"] == cat)
        kept.insert(last + 1, row)
    # Added rows: new services spread over the table.
    for _ in range(plan["added"]):
        k = rng.randrange(len(kept))
        base = kept[k]
        new = dict(base, subitem=subitem_text(rng, used), standard=standard(rng), src=None)
        kept.insert(k + 1, new)
    index_b = {r["src"]: j for j, r in enumerate(kept) if r["src"] is not None}
    changes = {kind: [{"a": i, "b": index_b.get(i)} for i in picks[kind]] for kind in picks}
    changes["added"] = [{"a": None, "b": j} for j, r in enumerate(kept) if r["src"] is None]
    changes["summary"] = {k: len(v) for k, v in changes.items()}
    changes["summary"]["unchanged"] = n - sum(len(picks[k]) for k in picks)
    return [{k: v for k, v in r.items() if k != "src"} for r in kept], changes


def with_numbers(rows):
    """Each item's sub-items numbered (1), (2), … in order, as the annexes write them."""
    out, count = [], {}
    for r in rows:
        key = (r["category"], r["item"])
        count[key] = count.get(key, 0) + 1
        out.append(dict(r, subitem=f"({count[key]}) {r['subitem']}"))
    return out


def markdown(rows, title, amended):
    head = f"""

# {title}

## 合同{'补充协议' if amended else ''}

甲方：深圳市龙岗区某街道办事处

乙方：深圳市某社会工作服务中心

{"甲、乙双方就服务指标的调整，经双方协商一致，订立本补充协议。" if amended else "甲、乙双方根据采购结果，经双方协商一致，订立本合同。"}

一、{"原合同“第八条服务指标”约定：详见附件《社区党群服务中心服务指标》，现双方同意变更为：详见补充协议附件《社区党群服务中心服务指标（调整）》。" if amended else "服务指标：详见附件《社区党群服务中心服务指标》。"}

二、本协议一式肆份，甲方执贰份，乙方执贰份，具有同等法律效力。

附件：

## 社区党群服务中心服务指标{'（调整）' if amended else ''}

服务类别\t服务大项\t服务要求\t服务细项\t专业服务量化标准
"""
    lines = []
    prev = (None, None)
    for r in rows:
        cat = r["category"] if r["category"] != prev[0] else ""
        same_item = (r["category"], r["item"]) == prev
        item = "" if same_item else r["item"]
        req = "" if same_item else r["requirement"]
        lines.append("\t".join([cat, item, req, r["subitem"], r["standard"]]))
        prev = (r["category"], r["item"])
    tail = "\n\n备注：以上服务指标量根据实际服务需求，甲乙双方协商一致可作相应调整。\n"
    return head + "\n".join(lines) + tail


def write_csv(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["category", "item", "requirement", "subitem", "standard"])
        for r in rows:
            w.writerow([r["category"], r["item"], r["requirement"], r["subitem"], r["standard"]])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--rows", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    a, used = make_a(args.rows, rng)
    b, changes = make_b(a, rng, used)
    a, b = with_numbers(a), with_numbers(b)
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "a.md"), "w", encoding="utf-8") as f:
        f.write(markdown(a, "某街道社区党群服务中心社会工作服务项目", amended=False))
    with open(os.path.join(args.out, "b.md"), "w", encoding="utf-8") as f:
        f.write(markdown(b, "某街道社区党群服务中心社会工作服务项目", amended=True))
    write_csv(os.path.join(args.out, "a.csv"), a)
    write_csv(os.path.join(args.out, "b.csv"), b)
    with open(os.path.join(args.out, "changes.json"), "w", encoding="utf-8") as f:
        json.dump(changes, f, ensure_ascii=False, indent=1)
    print(json.dumps({"a": len(a), "b": len(b), **changes["summary"]}, ensure_ascii=False))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Deterministic generator of supplementary agreements (补充协议) of seed 001's family.

Every document gets its own parameters (street, district, parties, lot, code, dates, totals,
budget lines, monthly schedules) drawn from a fixed-seed random generator, is rendered in one
output format, and may carry exactly one deliberate defect. The expected values written to
corpus/variants/manifest.json are computed here, from the parameters, never read back from
Accord:

- amounts in 元 from the parameters; 大写 spelled by `uppercase()` below (independent of Accord);
- budget lines that add up exactly, shares = amount ÷ total rounded half-up (2, 1 or 0 decimals);
- schedules of N months at a fee with the last month absorbing the remainder;
- the error findings a consistent checker must report, recomputed by `expected_errors()` from
  the values as written (a changed budget line may also break its share: both are expected).

Formats: md (Markdown like 001, UTF-8), gb (the Markdown in GB18030 with CRLF), u16 (the
Markdown in UTF-16LE with BOM), dump (every paragraph and annex cell on a tab-indented line,
cut at 50 characters, like 000; only what survives the cut is expected).

Usage: python3 scripts/gen_variants.py [--out corpus/variants] [--seed 20251122]
"""
import argparse
import json
import os
import random
import re
import sys
from decimal import Decimal, ROUND_HALF_UP

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEED_001 = os.path.join(ROOT, "corpus", "seeds", "001_08ce58bb254aa3f5.txt")
DUMP_WIDTH = 50

# --------------------------------------------------------------------------------------------
# 大写 (financial uppercase), written from the usual rules, not from Accord's code
# --------------------------------------------------------------------------------------------
DIGITS = "零壹贰叁肆伍陆柒捌玖"
PLACES = ["", "拾", "佰", "仟"]
SECTIONS = ["", "万", "亿", "万亿"]


def _section(n):
    """Spells 0 < n < 10000 without leading 零; one 零 per run of inner zeros, none at the end."""
    out = []
    digits = [int(c) for c in f"{n:04d}"]
    started = False
    zero = False
    for i, d in enumerate(digits):
        place = PLACES[3 - i]
        if d == 0:
            if started:
                zero = True
            continue
        if zero:
            out.append("零")
            zero = False
        out.append(DIGITS[d] + place)
        started = True
    return "".join(out)


def uppercase_integer(n):
    """The integer part, e.g. 2527273 -> 贰佰伍拾贰万柒仟贰佰柒拾叁; 0 -> ''."""
    if n == 0:
        return ""
    groups = []
    while n > 0:
        groups.append(n % 10000)
        n //= 10000
    out = []
    need_zero = False
    for idx in range(len(groups) - 1, -1, -1):
        g = groups[idx]
        if g == 0:
            need_zero = bool(out)
            continue
        if out and (need_zero or g < 1000):
            out.append("零")
        out.append(_section(g) + SECTIONS[idx])
        need_zero = False
    return "".join(out)


def uppercase(amount):
    """Decimal 元 -> 大写: 元整 for integers; 角/分 otherwise (壹元零伍分, 壹拾元伍角)."""
    amount = Decimal(amount).quantize(Decimal("0.01"))
    fen_total = int(amount * 100)
    yuan, rest = divmod(fen_total, 100)
    jiao, fen = divmod(rest, 10)
    head = uppercase_integer(yuan)
    if jiao == 0 and fen == 0:
        return (head or "零") + "元整"
    out = head + "元" if head else ""
    if jiao:
        out += DIGITS[jiao] + "角"
    elif head:
        out += "零"
    if fen:
        out += DIGITS[fen] + "分"
    return out


def _selftest_uppercase():
    cases = {
        2690000: "贰佰陆拾玖万元整", 2527273: "贰佰伍拾贰万柒仟贰佰柒拾叁元整",
        2684800: "贰佰陆拾捌万肆仟捌佰元整", 1000001: "壹佰万零壹元整", 100500: "壹拾万零伍佰元整",
        100010000: "壹亿零壹万元整", 2050000: "贰佰零伍万元整", 10: "壹拾元整", 0: "零元整",
        120000000: "壹亿贰仟万元整", 1005: "壹仟零伍元整", 20030: "贰万零叁拾元整",
        3000400: "叁佰万零肆佰元整", 2400018: "贰佰肆拾万零壹拾捌元整",
    }
    for n, s in cases.items():
        assert uppercase(n) == s, (n, uppercase(n), s)
    assert uppercase(Decimal("1005.5")) == "壹仟零伍元伍角"
    assert uppercase(Decimal("10.53")) == "壹拾元伍角叁分"
    assert uppercase(Decimal("1.05")) == "壹元零伍分"
    assert uppercase(Decimal("0.53")) == "伍角叁分"


# --------------------------------------------------------------------------------------------
# Values
# --------------------------------------------------------------------------------------------
DISTRICTS = ["龙岗区", "宝安区", "南山区", "福田区", "罗湖区", "龙华区", "坪山区", "光明区", "盐田区"]
STREETS = ["布吉", "横岗", "坂田", "南湾", "园山", "宝龙", "龙城", "吉华", "西乡", "福永", "沙井",
           "松岗", "观澜", "民治", "大浪", "福城", "梅林", "莲花", "翠竹", "东湖", "粤海", "桃源",
           "沙头角", "石岩", "新湖", "马田", "碧岭", "龙田"]
SUPPLIER_NAMES = ["启航", "春晖", "同心", "和谐", "阳光", "明德", "鹏星", "彩虹", "至善", "睿智",
                  "新起点", "汇爱", "博雅", "恒远", "德心", "众安"]
SUPPLIER_KINDS = ["社会工作服务中心", "社工服务社", "社会工作服务社", "社会服务中心"]
CODE_PREFIXES = ["LGDL", "BACG", "NSZC", "FTDL", "LHCG", "SZZC", "GMDL", "PSCG", "YTZC"]
LOTS = ["一标段", "二标段", "三标段", "四标段", "五标段"]
SUFFIX = "ABCDE"


def wan(yuan):
    """2690000 -> '269', 2527273 -> '252.7273'."""
    s = format((Decimal(yuan) / Decimal(10000)).normalize(), "f")
    return s


def share_of(amount, total, decimals):
    q = Decimal(1).scaleb(-decimals)
    return (Decimal(amount) * 100 / Decimal(total)).quantize(q, rounding=ROUND_HALF_UP)


def ym_add(y, m, k):
    i = y * 12 + (m - 1) + k
    return i // 12, i % 12 + 1


def ym(y, m):
    return f"{y:04d}-{m:02d}"


def make_budget(rng, total, base=None):
    """Lines that add up exactly. base: the original budget, to keep 辅助 when it is kept."""
    if base is None:
        licensed = round(total * rng.uniform(0.58, 0.64) / 12) * 12
        assistant = round(total * rng.uniform(0.22, 0.27) / 12) * 12
        supervision = round(total * rng.uniform(0.016, 0.021) / 100) * 100
        activity = round(total * rng.uniform(0.027, 0.032) / 100) * 100
    else:
        keep_assistant = rng.random() < 0.6
        assistant = base["辅助"] if keep_assistant else round(base["辅助"] * total / base["total"] / 12) * 12
        supervision = round(base["督导"] * total / base["total"] / 100) * 100
        activity = round(base["活动"] * total / base["total"] / 100) * 100
        licensed = round((total * rng.uniform(0.85, 0.88) - assistant) / 12) * 12
    management = total - licensed - assistant - supervision - activity
    assert management > 0
    return {"total": total, "持证": licensed, "辅助": assistant, "人力": licensed + assistant,
            "督导": supervision, "活动": activity, "管理": management}


ITEMS = [  # key, written name, canonical item, parent key
    ("人力", "项目人力费用", "项目人力费用", None),
    ("持证", "持证社工经费", "持证社工经费", "人力"),
    ("辅助", "辅助社工经费", "辅助社工经费", "人力"),
    ("督导", "督导经费", "督导经费", None),
    ("活动", "业务活动费{lp}含服务险{rp}", "业务活动费(含服务险)", None),
    ("管理", "管理费和税费、人员培训等", "管理费和税费、人员培训等", None),
]


def schedule(total, start_y, start_m, months, change=None, first_fee=None):
    """Spans (from, to, fee). Without `change`: months-1 months at ⌊total/months⌋ (one less when
    that divides exactly) and a last month absorbing the remainder. With `change` = k: k months at
    `first_fee`, then the rest the same way over what is left."""
    spans = []
    done = 0
    rest_total = total
    if change:
        spans.append((0, change - 1, first_fee))
        done = change
        rest_total = total - change * first_fee
    n = months - done
    fee = rest_total // n
    if rest_total - fee * (n - 1) == fee:
        fee -= 1
    last = rest_total - fee * (n - 1)
    spans.append((done, months - 2, fee))
    spans.append((months - 1, months - 1, last))
    out = []
    for a, b, f in spans:
        ya, ma = ym_add(start_y, start_m, a)
        yb, mb = ym_add(start_y, start_m, b)
        out.append({"from": (ya, ma), "to": (yb, mb), "fee": f})
    assert sum((x["to"][0] * 12 + x["to"][1] - x["from"][0] * 12 - x["from"][1] + 1) * x["fee"] for x in out) == total
    return out


def make_params(rng, index, long_original=False):
    p = {}
    p["district"] = rng.choice(DISTRICTS)
    p["street"] = STREETS[index % len(STREETS)] if index < len(STREETS) else rng.choice(STREETS)
    p["buyer"] = f"深圳市{p['district']}{p['street']}街道办事处"
    p["supplier"] = f"深圳市{p['district']}{rng.choice(SUPPLIER_NAMES)}{rng.choice(SUPPLIER_KINDS)}"
    li = rng.randrange(5)
    p["lot"] = LOTS[li]
    year = rng.choice([2024, 2025])
    p["code"] = f"{rng.choice(CODE_PREFIXES)}{year}{rng.randrange(1, 999999):06d}-{SUFFIX[li]}"
    p["project"] = f"{p['street']}街道社区党群服务中心社会工作服务项目"
    sm = rng.randrange(1, 13)
    sd = rng.randrange(1, 6)
    p["start"] = (year, sm, sd)
    # signed a few days before the start (possibly in the month before)
    sy, smm = ym_add(year, sm, -1) if sd <= 2 else (year, sm)
    p["signed"] = (sy, smm, rng.randrange(20, 29) if sd <= 2 else rng.randrange(1, sd))
    # period: one year, ending the day before the anniversary
    ey, em = ym_add(year, sm, 12)
    ed = sd - 1
    if ed == 0:
        ey, em = ym_add(year, sm, 11)
        ed = [31, 29 if ey % 4 == 0 else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][em - 1]
    p["end"] = (ey, em, ed)
    # totals: original with up to 2 decimals of 万, amended with up to 4
    # some totals carry inner zeros (贰佰零伍万…, …万零柒拾…) to exercise the 零 rules of the 大写
    shape = rng.choice(["plain", "plain", "zeros", "zeros"])
    if shape == "plain" and long_original:
        # 万元 with 2 decimals (268.48万元, as in 000): a long 大写 that a dump's cut may split
        t0 = rng.randrange(2400, 2800) * 1000 + rng.randrange(1, 10) * 100
        t1 = t0 - rng.randrange(100000, 260000) - rng.choice([0, 7, 73, 273, 937, 1234])
    elif shape == "plain":
        t0 = rng.randrange(2400, 2800) * 1000 + rng.choice([0, 0, 0, 400, 800, 6000])
        t1 = t0 - rng.randrange(100000, 260000) - rng.choice([0, 7, 73, 273, 937, 1234])
    else:
        def zeros(templates):
            t = rng.choice(templates)
            return int("".join(str(rng.randrange(1, 10)) if ch == "d" else ch for ch in t))
        while True:
            t0 = zeros(["2d0d000", "20dd000", "2dd0d00", "2d0dd00", "2dd0000"])
            t1 = zeros(["2dd0d0d", "2d00ddd", "1dd00dd", "2d0d0d0", "20ddd0d", "2dd000d", "1d0d0d0"])
            if 50000 <= t0 - t1 <= 400000:
                break
    assert t0 - t1 >= 50000
    p["t0"], p["t1"] = t0, t1
    p["b0"] = make_budget(rng, t0)
    p["b1"] = make_budget(rng, t1, base=p["b0"])
    p["human_decimals"] = rng.choice([0, 1, 2, 2])   # how the original 人力 share is written
    # now and then another original share written to 1 decimal
    p["line_decimals"] = {k: 1 for k in ["督导", "活动", "管理"] if rng.random() < 0.2}
    months = 12
    s0 = schedule(t0, year, sm, months)
    change = rng.choice([3, 4, 5, 6, 7])
    s1 = schedule(t1, year, sm, months, change=change, first_fee=s0[0]["fee"])
    p["s0"], p["s1"] = s0, s1
    p["cut_per_center"] = rng.choice([5, 6, 7, 8])
    p["centers"] = rng.randrange(6, 15)
    return p


# --------------------------------------------------------------------------------------------
# Wording
# --------------------------------------------------------------------------------------------
def make_style(rng):
    return {
        "change": rng.choice(["现双方同意变更为", "现经双方协商一致变更为"]),
        "share_de": rng.choice(["占项目经费总额", "占项目经费总额的"]),
        "fullwidth_parens": rng.random() < 0.5,     # 业务活动费（含服务险） and (一) clause refs
        "colon": rng.choice(["：", ":"]),             # after 甲方/乙方/大写
        "amount_parens": rng.choice([("（", "）"), ("(", ")")]),   # around 大写：…，含税价
        "spaces": rng.random() < 0.6,                 # "224166 元" vs "224166元"
        "break_schedule": rng.random() < 0.6,         # schedule cut across two paragraphs mid-sentence
        "break_at": rng.choice([1, 2, 2, 3]),
        "break_budget": rng.random() < 0.7,           # "…经费总额为269万元，" then the lines
        "pad_dates": rng.random() < 0.5,              # "2025 年 8 月" in the schedule
    }


def ymd_text(d):
    return f"{d[0]}年{d[1]}月{d[2]}日"


def render(p, st, defect):
    """Paragraphs of the document body (Markdown headings as ('h1'|'h2', text)), plus the
    values as written (after the defect was applied)."""
    sp = " " if st["spaces"] else ""
    lp, rp = ("（", "）") if st["fullwidth_parens"] else ("(", ")")
    col = st["colon"]
    w = dict(t0=p["t0"], t1=p["t1"])

    # ----- written values (defects change what is written, never the parameters)
    up0 = uppercase(p["t0"])
    up1 = uppercase(p["t1"])
    if defect == "uppercase":
        up1 = uppercase(p["t1"] + 10000 * (1 if p["t1"] % 2 else -1) + 900)
    start, end = p["start"], p["end"]
    if defect == "period":
        end = (start[0] - 1, end[1], end[2])
    b0 = dict(p["b0"])
    b1 = dict(p["b1"])
    shares0 = {}
    shares1 = {}
    for key, _, _, _ in ITEMS:
        d0 = p["human_decimals"] if key == "人力" else p["line_decimals"].get(key, 2)
        shares0[key] = share_of(b0[key], p["t0"], d0)
        shares1[key] = share_of(b1[key], p["t1"], 2)
    if defect == "budget_line":
        # the written amount no longer adds up; a large change also breaks its share (both expected)
        b0["活动"] = b0["活动"] + (100 if p["code"].endswith(("-A", "-B")) else 3600)
    if defect == "share":
        shares1["督导"] = shares1["督导"] + Decimal("0.27")
    s0 = [dict(x) for x in p["s0"]]
    s1 = [dict(x) for x in p["s1"]]
    if defect == "schedule_fee":
        s1[1]["fee"] = s1[1]["fee"] + 150
    stated1 = p["t1"]
    if defect == "stated_total":
        stated1 = p["t1"] + 1500

    ex = st.get("extra", {})
    rmb = "人民币" if ex.get("renminbi") else ""

    def pct(v):
        return f"{v}％" if ex.get("pct_fullwidth") else f"{v}%"

    def money(n, grouped=False):
        return f"{sp}{n:,}{sp}元" if grouped and ex.get("thousands") else f"{sp}{n}{sp}元"

    def ymt(t):
        mo = f"{t[1]:02d}" if ex.get("month_pad") else f"{t[1]}"
        if st["pad_dates"]:
            return f"{t[0]} 年 {mo} 月"
        return f"{t[0]}年{mo}月"

    def span_text(s, lead):
        if s["from"] == s["to"]:
            return f"{ymt(s['from'])}{lead}"
        return f"{ymt(s['from'])}至{ymt(s['to'])}{lead}"

    paras = []
    if ex.get("single_title"):
        paras.append(("h1", f"{p['project']}合同（{p['lot']}）补充协议"))
    else:
        paras.append(("h1", p["project"]))
        paras.append(("h2", f"合同（{p['lot']}）补充协议"))
    paras.append(f"甲方{col}{p['buyer']}")
    paras.append(f"乙方{col}{p['supplier']}")
    paras.append(
        f"甲、乙双方此前根据有关政策法规及《{p['street']}街道社区党群服务中心社会工作服务{p['lot']}》采购结果"
        f"（项目编号：{p['code']}），于{ymd_text(p['signed'])}签订《{p['project']}合同（{p['lot']}）》"
        f"（以下简称“原合同”），合同期限为{ymd_text(start)}至{ymd_text(end)}。"
        f"鉴于{p['district'][:2]}区财政局对{start[0] + 1}年{p['street']}街道{p['centers']}个社区党群服务中心社会工作服务项目"
        f"预算经费进行调整，每个社区党群服务中心按{p['cut_per_center']}万元/年的标准进行缩减。"
        f"现甲、乙就服务费的核减及支付，经双方协商一致，订立本补充协议。")
    paras.append(f"一、原合同“第八条服务指标”约定：详见附件《社区党群服务中心服务指标》，{st['change']}：详见补充协议附件《社区党群服务中心服务指标（调整）》。")
    ref1 = f"{lp}一{rp}"
    alp, arp = st["amount_parens"]
    paras.append(
        f"二、原合同第九条{ref1}款约定，本合同期按实际中标成交金额{rmb}{wan(p['t0'])}万元{alp}大写{col}{up0}，含税价{arp}进行拨付。"
        f"{st['change']}{col}本合同期按金额{rmb}{wan(p['t1'])}万元{alp}大写{col}{up1}，含税价{arp}进行拨付。")

    def budget_sentence(b, shares):
        parts = []
        name = {k: n.format(lp=lp, rp=rp) for k, n, _, _ in ITEMS}
        parts.append(f"{name['人力']}为{money(b['人力'], grouped=True)}，{st['share_de']}{sp}{pct(shares['人力'])}。其中，")
        rest = []
        for k in ["持证", "辅助", "督导", "活动", "管理"]:
            rest.append(f"{name[k]}为{money(b[k], grouped=True)}，{st['share_de']}{sp}{pct(shares[k])}")
        return parts[0] + "；".join(rest) + "。"

    head3 = f"三、原合同第九条第{lp}二{rp}款约定，本项目经费总额为{wan(p['t0'])}万元，"
    body3 = (budget_sentence(b0, shares0) + f"{st['change']}，本项目经费总额调整为{sp}{wan(p['t1'])}{sp}万元，"
             + budget_sentence(b1, shares1))
    if st["break_budget"]:
        paras.append(head3)
        paras.append(body3)
    else:
        paras.append(head3 + body3)

    o_spans = "，".join(
        span_text(s, "每月项目服务费用" if s["from"] != s["to"] else "项目服务费用") + money(s["fee"]).rstrip()
        for s in s0)
    first = s1[0]
    second = s1[1]
    last = s1[2]
    # "|" marks the places where a conversion may have broken the paragraph mid-sentence
    a_text = (f"{span_text(first, '的服务费用按每月')}{money(first['fee'])}执行；|{ymt(second['from'])}至|"
              f"{ymt(second['to'])}每月项目服务费用|{money(second['fee'])}，{ymt(last['from'])}项目服务费用{money(last['fee'])}，"
              f"合计金额{sp}{wan(stated1)}{sp}万元。")
    tail = "乙方需提供甲方该部分费用的合法税票。因甲方财政审批流程导致付款延误的，乙方不得追究甲方的违约责任，直至合同期结束。"
    p4 = (f"四、原合同第九条第{lp}三{rp}款约定，按照深圳市{p['district']}财政局相关规定，项目服务费用以逐月支付为原则，"
          f"由甲方按下列程序付款：项目服务经费按月根据财政审批流程支付，即每月支付上个月费用（{o_spans}，合计金额{sp}{wan(p['t0'])}{sp}万元）。"
          + tail + f"{st['change']}，项目服务费用以逐月支付为原则，由甲方按下列程序付款：项目服务经费按月根据财政审批流程支付，即每月支付上个月费用。"
          + a_text + tail + "乙方银行账户信息不变。")
    pieces = p4.split("|")
    if st["break_schedule"]:
        k = st["break_at"]           # 1: after "…执行；", 2: after "…至" (as in 001), 3: between a label and its fee
        paras.append("".join(pieces[:k]))
        paras.append("".join(pieces[k:]).lstrip())
    else:
        paras.append("".join(pieces))
    paras += [
        "五、本补充协议生效后，即成为原合同不可分割的组成部分，与原合同具有同等的法律效力。除本补充协议变更的条款之外，原合同的其余条款应完全继续有效。本协议与原合同有相互冲突时，以本协议为准。",
        "六、本补充协议一式肆份，甲方执贰份，乙方执贰份，具有同等法律效力。本补充协议自双方签字盖章之日起生效。",
        "附件：社区党群服务中心服务指标（调整）",
        "甲方（盖章）：", "乙方（盖章）：", "法定代表人或委任代理人：", "法定代表人或委任代理人：",
        "签订日期： 年 月 日", "签订日期： 年 月 日", "附件：",
        ("h2", "社区党群服务中心服务指标（调整）"),
    ]
    written = dict(up0=up0, up1=up1, start=start, end=end, b0=b0, b1=b1, shares0=shares0, shares1=shares1,
                   s0=s0, s1=s1, stated0=p["t0"], stated1=stated1)
    return paras, written


# --------------------------------------------------------------------------------------------
# Annex rows from seed 001 (reused text, not a tested value)
# --------------------------------------------------------------------------------------------
def annex_rows(n_rows):
    with open(SEED_001, encoding="utf-8") as f:
        lines = f.read().split("\n")
    start = next(i for i, l in enumerate(lines) if l.startswith("服务类别\t"))
    rows = [l.split("\t") for l in lines[start:start + 1 + n_rows]]
    return rows


# --------------------------------------------------------------------------------------------
# Expected values and findings
# --------------------------------------------------------------------------------------------
def iso(d):
    return f"{d[0]:04d}-{d[1]:02d}-{d[2]:02d}"


def spans_strings(spans):
    return [f"{ym(*s['from'])}..{ym(*s['to'])}@{s['fee']}" for s in spans]


def expected_errors(p, w):
    """The error findings a checker must give for the values as written (Checker.swift's rules)."""
    codes = set()
    if w["up0"] != uppercase(p["t0"]):
        codes.add("amount.uppercase_mismatch")
    if w["up1"] != uppercase(p["t1"]):
        codes.add("amount.uppercase_mismatch")
    for b, shares, total in [(w["b0"], w["shares0"], p["t0"]), (w["b1"], w["shares1"], p["t1"])]:
        if b["人力"] + b["督导"] + b["活动"] + b["管理"] != total:
            codes.add("budget.sum_mismatch")
        if b["持证"] + b["辅助"] != b["人力"]:
            codes.add("budget.subtotal_mismatch")
        for k, _, _, _ in ITEMS:
            written = shares[k]
            unit = Decimal(1).scaleb(written.as_tuple().exponent)
            if abs(Decimal(b[k]) * 100 / Decimal(total) - written) > unit:
                codes.add("budget.share_mismatch")
    for spans, amount, stated in [(w["s0"], p["t0"], w["stated0"]), (w["s1"], p["t1"], w["stated1"])]:
        total = sum((s["to"][0] * 12 + s["to"][1] - s["from"][0] * 12 - s["from"][1] + 1) * s["fee"] for s in spans)
        if total != amount:
            codes.add("payments.sum_mismatch")
        if stated != amount:
            codes.add("payments.stated_total_mismatch")
    if iso(w["start"]) > iso(w["end"]):
        codes.add("dates.period_reversed")
    return sorted(codes)


def budget_expected(w, versions=("original", "amended"), keep=None, amount_only=frozenset()):
    """amount_only: the (version, key) lines whose share was cut off (share null)."""
    out = []
    for k, _, canon, parent in ITEMS:
        line = {"item": canon, "parent": ITEMS_CANON.get(parent)}
        for v, b, s in [("original", w["b0"], w["shares0"]), ("amended", w["b1"], w["shares1"])]:
            if v in versions and (keep is None or (v, k) in keep):
                line[v] = {"amount": str(b[k]), "share": None if (v, k) in amount_only else str(s[k])}
            else:
                line[v] = None
        if line["original"] or line["amended"]:
            out.append(line)
    return out


ITEMS_CANON = {k: c for k, _, c, _ in ITEMS}


def expected_markdown(p, w, defect):
    errors = expected_errors(p, w)
    required = {
        None: [], "uppercase": ["amount.uppercase_mismatch"], "budget_line": ["budget.sum_mismatch"],
        "share": ["budget.share_mismatch"], "schedule_fee": ["payments.sum_mismatch"],
        "stated_total": ["payments.stated_total_mismatch"], "period": ["dates.period_reversed"],
    }[defect]
    assert set(required) <= set(errors), (defect, errors)
    if defect is None:
        assert errors == [], errors
    return {
        "projectCode": p["code"], "lot": p["lot"], "buyer": p["buyer"], "supplier": p["supplier"],
        "projectName": p["project"],
        "originalSignedDate": iso(p["signed"]),
        "periodStart": iso(w["start"]), "periodEnd": iso(w["end"]),
        "amountOriginal": str(p["t0"]), "amountAmended": str(p["t1"]),
        "uppercaseOriginal": w["up0"], "uppercaseAmended": w["up1"],
        "budget": budget_expected(w),
        "paymentsOriginal": spans_strings(w["s0"]), "paymentsAmended": spans_strings(w["s1"]),
        "statedTotalOriginal": str(w["stated0"]), "statedTotalAmended": str(w["stated1"]),
        "requiredFindings": required, "errorFindings": errors,
    }


# --------------------------------------------------------------------------------------------
# Formats
# --------------------------------------------------------------------------------------------
def markdown_text(paras, rows):
    out = [""]
    for para in paras:
        if isinstance(para, tuple):
            out.append(("# " if para[0] == "h1" else "## ") + para[1])
        else:
            out.append(para)
        out.append("")
    out += ["\t".join(r) for r in rows]
    out.append("")
    out.append("备注：以上服务指标量根据实际服务需求，甲乙双方协商一致可作相应调整。")
    return "\n".join(out) + "\n"


def dump_lines(paras, rows):
    """Every paragraph and every non-empty annex cell on its own tab-indented line, cut at 50."""
    lines = []
    for para in paras:
        text = para[1] if isinstance(para, tuple) else para
        lines.append(text)
    for r in rows:
        for cell in r:
            if cell.strip():
                lines.append(cell.strip())
    lines.append("备注：以上服务指标量根据实际服务需求，甲乙双方协商一致可作相应调整。")
    return [l[:DUMP_WIDTH] for l in lines]


def expected_dump(p, w, paras, cut, broken=False):
    """What survives the cut, searched in the cut paragraphs (same order as `paras`)."""
    full = [(x[1] if isinstance(x, tuple) else x) for x in paras]
    cutp = [x[:DUMP_WIDTH] for x in full]

    def survives(snippet):
        return any(snippet in c for c in cutp)

    def present(snippet):
        return any(snippet in f for f in full)

    e = {}
    e["lot"] = p["lot"] if survives(f"（{p['lot']}）") else None
    e["buyer"] = p["buyer"] if any(f.endswith(p["buyer"]) and len(f) < DUMP_WIDTH for f in full) else None
    e["supplier"] = p["supplier"] if any(f.endswith(p["supplier"]) and len(f) < DUMP_WIDTH for f in full) else None
    e["projectCode"] = p["code"] if survives(f"项目编号：{p['code']}）") else None
    e["originalSignedDate"] = iso(p["signed"]) if survives(f"于{ymd_text(p['signed'])}签订") else None
    per = f"合同期限为{ymd_text(w['start'])}至{ymd_text(w['end'])}"
    e["periodStart"] = e["periodEnd"] = None
    if survives(per):
        e["periodStart"], e["periodEnd"] = iso(w["start"]), iso(w["end"])
    # amounts: clause 二
    clause2 = next(i for i, x in enumerate(full) if x.startswith("二、"))
    c2 = cutp[clause2]
    e["amountOriginal"] = str(p["t0"]) if f"金额{wan(p['t0'])}万元" in c2 else None
    e["amountAmended"] = str(p["t1"]) if f"按金额{wan(p['t1'])}万元" in c2 else None
    e["uppercaseOriginal"] = None
    e["uppercaseAmended"] = None
    required = ["text.truncated"]
    if e["amountOriginal"]:
        k = c2.find("大写", c2.find(f"金额{wan(p['t0'])}万元"))
        if k >= 0:
            rest = c2[k + 2:]
            if rest[:1] in ("：", ":"):
                rest = rest[1:]
            for stop in "）),，;；":
                rest = rest.split(stop)[0]
            rest = rest.strip()
            if rest:
                e["uppercaseOriginal"] = rest
                if rest != w["up0"] and not rest.endswith(("元", "整")):
                    assert w["up0"].startswith(rest)
                    required.append("amount.uppercase_truncated")
    assert e["amountAmended"] is None, "the dump's cut is expected to hide the amended amount"
    # budget lines: the whole "name为 N 元，占…P%" must survive (the amended part only after its marker);
    # a line whose "name为 N 元" ends a cut line, its share cut off, is kept with its amount alone
    keep = set()
    amount_only = set()
    markers = ("现双方同意变更为", "现经双方协商一致变更为")
    for c, f in zip(cutp, full):
        was_cut = len(f) > DUMP_WIDTH
        cut_at = min([c.find(m) for m in markers if m in c] or [len(c)])
        for v, part, b, s in [("original", c[:cut_at], w["b0"], w["shares0"]),
                              ("amended", c[cut_at:], w["b1"], w["shares1"])]:
            for k, name, _, _ in ITEMS:
                for lp, rp in [("（", "）"), ("(", ")")]:
                    nm = name.format(lp=lp, rp=rp)
                    i = part.find(nm)
                    if i < 0:
                        continue
                    clause = re.split("[；。]", part[i + len(nm):])[0].replace(" ", "")
                    if clause.startswith(f"为{b[k]}元") and re.search(rf"占[^%]*?(?<![\d.]){re.escape(str(s[k]))}%", clause):
                        keep.add((v, k))
                    elif (was_cut and (v == "amended" or cut_at == len(c)) and clause.startswith(f"为{b[k]}元")
                          and "%" not in clause and not re.search("[；。]", part[i + len(nm):])
                          and re.fullmatch(r"，?(占[^，,]*)?", clause[len(f"为{b[k]}元"):])):
                        keep.add((v, k))
                        amount_only.add((v, k))
    # (With no share left anywhere the clause is still a budget clause: it names its 经费总额.)
    e["budget"] = budget_expected(w, keep=keep, amount_only=amount_only)
    # a parent is known only when both its parts survive
    for line in e["budget"]:
        if line["parent"] and not {("original", "持证"), ("original", "辅助")} <= keep:
            line["parent"] = None
    if not {("original", "持证"), ("original", "辅助")} <= keep and ("original", "人力") in keep:
        pass
    # schedules: the original one starts deep in a long paragraph and never survives. When the
    # paragraph was broken, the continuation line keeps a fragment of the amended schedule, but the
    # change marker before it was cut: nothing of it may be taken as the original schedule (and
    # the amended one is not checked: its first months are lost).
    for s in w["s0"]:
        assert not any(f"{s['fee']}" in c for c in cutp if not c.startswith("四、")) or broken
    e["paymentsOriginal"] = None
    e["statedTotalOriginal"] = None
    if not broken:
        for s in w["s1"]:
            assert not survives(f"{s['fee']}"), "a schedule fee survived the cut"
        e["paymentsAmended"] = None
        e["statedTotalAmended"] = None
    else:
        assert any(f"{w['s1'][-1]['fee']}" in c for c in cutp), "the continuation line keeps amended fees"
    e["requiredFindings"] = required
    e["errorFindings"] = []
    e["truncatedLines"] = [i + 1 for i, l in enumerate(cut) if len(l) >= DUMP_WIDTH]
    return e


# --------------------------------------------------------------------------------------------
# Plan
# --------------------------------------------------------------------------------------------
DEFECTS = ["uppercase", "budget_line", "share", "schedule_fee", "stated_total", "period"]


def plan():
    """(format, defect) per document: md 6 clean + 6 defects, gb 3 + 3, u16 3 + 3, dump 6 + 2 clean."""
    out = []
    out += [("md", None)] * 6 + [("md", d) for d in DEFECTS]
    out += [("gb", None)] * 3 + [("gb", d) for d in DEFECTS[:3]]
    out += [("u16", None)] * 3 + [("u16", d) for d in DEFECTS[3:]]
    out += [("dump", None)] * 6
    # dumps of documents whose schedule paragraph was broken mid-sentence: the continuation line
    # (a fragment of the amended schedule) survives, the change marker before it does not
    out += [("dump-break", None)] * 2
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.join(ROOT, "corpus", "variants"))
    ap.add_argument("--seed", type=int, default=20251122)
    args = ap.parse_args()
    _selftest_uppercase()
    rng = random.Random(args.seed)
    rng2 = random.Random(args.seed + 1)
    rows = annex_rows(8)
    os.makedirs(args.out, exist_ok=True)
    for f in os.listdir(args.out):
        if f.startswith("v") and f.endswith(".txt"):
            os.remove(os.path.join(args.out, f))
    manifest = {"generator": "scripts/gen_variants.py", "seed": args.seed, "dumpWidth": DUMP_WIDTH, "files": []}
    for i, (fmt, defect) in enumerate(plan()):
        broken_dump = fmt == "dump-break"
        fmt = "dump" if broken_dump else fmt
        p = make_params(rng, i, long_original=(fmt == "dump"))
        st = make_style(rng)
        if fmt != "dump":
            # further variants real documents show, from their own generator so that the values
            # and the wording above stay what they were
            st["extra"] = {k: True for k in ["renminbi", "pct_fullwidth", "month_pad", "thousands", "single_title"]
                           if rng2.random() < 0.3}
        if fmt == "dump":
            st["break_schedule"] = broken_dump
            if broken_dump:
                st["break_at"] = 2         # after "…至", as in 001
        paras, w = render(p, st, defect)
        name = f"v{i:02d}_{fmt}_{defect or 'clean'}.txt"
        path = os.path.join(args.out, name)
        if fmt == "dump":
            cut = dump_lines(paras, rows)
            data = ("\n".join("\t" + l for l in cut) + "\n").encode("utf-8")
            exp = expected_dump(p, w, paras, cut, broken_dump)
            encoding = "utf-8"
        else:
            text = markdown_text(paras, rows)
            exp = expected_markdown(p, w, defect)
            if fmt == "md":
                data, encoding = text.encode("utf-8"), "utf-8"
            elif fmt == "gb":
                data, encoding = text.replace("\n", "\r\n").encode("gb18030"), "gb18030+crlf"
            else:
                data, encoding = b"\xff\xfe" + text.encode("utf-16-le"), "utf-16le+bom"
        with open(path, "wb") as f:
            f.write(data)
        entry = {"file": f"corpus/variants/{name}", "format": fmt, "encoding": encoding,
                 "sourceFormat": "text-dump" if fmt == "dump" else "markdown",
                 "sourceEncoding": {"md": "utf-8", "dump": "utf-8", "gb": "gb18030", "u16": "utf-16le"}[fmt],
                 "defect": defect, "style": st}
        entry.update(exp)
        manifest["files"].append(entry)
    with open(os.path.join(args.out, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, ensure_ascii=False, indent=1, sort_keys=False)
        f.write("\n")
    print(f"wrote {len(manifest['files'])} files and manifest.json to {args.out}")


if __name__ == "__main__":
    main()

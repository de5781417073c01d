#!/usr/bin/env python3
"""Deterministic generator of two more document families (corpus/variants2/):

ocr  — supplementary agreements of seed 002's kind: a scan OCR'd with the WRONG language model
       (every Han character became 0–3 Latin letters or punctuation, most digits survived),
       hard-wrapped at 30–45 characters, followed by a tab-indented dump of the annex (reused
       verbatim from seed 002's dump part; its values are not tested).
req  — service requirements (服务要求) of seed 003's kind: a DOCX text extract with one table per
       procurement package (采购包N.…), cells one per tab-indented line, untabbed continuation lines,
       blank lines between rows; columns 服务类别 | 具体服务内容 | 服务指标.

The agreement text and its consistent numbers come from scripts/gen_variants.py (make_params,
make_budget, schedule, render); the totals are redrawn here with 1–4 decimals in 万元.
Every expected value in corpus/variants2/manifest.json is computed here from the generator's
parameters, never read back from Accord:

- ocr: project code and amounts in 元 (万元 × 10000) — null where the role of a value is not
  certain from the garbage (one file keeps a single amount: original or amended cannot be told);
  the findings ocr.wrong_language and ocr.salvaged; confidence of salvaged values < 0.6.
- req: package names in order (from the heading 采购包N.<place>, or inferred from the place the
  package's first row names when some package of the file has a heading), per package the number
  of indicators (one per numbered 服务指标 line, or one for an unnumbered standard) and, for a
  sample of lines, the number as written and the first target (metric, op, value, unit, per) —
  each line is built from a template that states its own target.

Usage: python3 scripts/gen_variants_ocr_req.py [--out corpus/variants2] [--seed 20251123]
"""
import argparse
import json
import os
import random
import sys
from decimal import Decimal

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import gen_variants as gv  # noqa: E402

SEED_002 = os.path.join(ROOT, "corpus", "seeds", "002_b89b15cc7f74b3ec.txt")

# --------------------------------------------------------------------------------------------
# OCR family
# --------------------------------------------------------------------------------------------
UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
LOWER = "abcdefghijklmnopqrstuvwxyz"
# no digits, no parentheses or colons: those come only from the source's own characters
GARBAGE_PUNCT = "#%&*=+~'!|/\\<>^_-,;\"¥"
PUNCT_MAP = {"，": ",", "。": ".", "、": ",", "；": ";", "：": ":", "（": "(", "）": ")", "“": "\"", "”": "\"",
             "《": "<", "》": ">", "％": "%", "/": "/", "—": "-"}
CONFUSE = {"G": "6", "O": "0", "S": "5", "B": "8", "Z": "2", "I": "1"}


def garbage(rng, n, letters_only=False):
    out = []
    for _ in range(n):
        r = rng.random()
        if r < 0.72 or letters_only:
            out.append(rng.choice(UPPER) if r < 0.62 or not letters_only else rng.choice(UPPER))
        elif r < 0.86:
            out.append(rng.choice(LOWER))
        else:
            out.append(rng.choice(GARBAGE_PUNCT))
    return "".join(out)


def is_ascii_run_char(ch):
    return ch.isascii() and (ch.isalnum() or ch in ".%-")


def wrap(text, rng, keep=()):
    """Hard-wraps a paragraph at 30–45 characters, never inside an ASCII run (number, code) nor
    inside one of the `keep` strings (an amount with its 万元（大写：)."""
    nobreak = set()
    for k in keep:
        j = text.find(k)
        while j >= 0:
            nobreak.update(range(j + 1, j + len(k)))
            j = text.find(k, j + 1)
    lines = []
    i = 0
    while i < len(text):
        w = rng.randint(30, 45)
        j = min(len(text), i + w)
        while j < len(text) and j > i + 1 and (j in nobreak or (is_ascii_run_char(text[j]) and is_ascii_run_char(text[j - 1]))):
            j -= 1
        if j <= i + 1:
            j = min(len(text), i + w)
        lines.append(text[i:j])
        i = j
    return lines


def garble_line(line, rng, protect):
    """One wrapped line of Chinese → what a Latin OCR model makes of it.

    protect: list of (start, end, kind) spans in `line` handled specially:
    'daxie' (大写: 1–4 letters, no space), 'wan' (万元: one token of 0–4 letters)."""
    out = []
    i = 0
    spans = {s: (e, k) for s, e, k in protect}
    prev_ascii = False
    while i < len(line):
        if i in spans:
            e, kind = spans[i]
            if kind == "daxie":
                out.append(garbage(rng, rng.randint(1, 2)) + garbage(rng, rng.randint(0, 2), letters_only=True))
            elif kind == "wan":
                tok = garbage(rng, rng.randint(1, 3), letters_only=True)
                out.append((" " if rng.random() < 0.8 else "") + tok + (" " if rng.random() < 0.7 else ""))
            i = e
            prev_ascii = False
            continue
        ch = line[i]
        if ch.isascii():
            if ch == " ":
                out.append(" ")
            else:
                if not prev_ascii and out and not out[-1].endswith(" ") and rng.random() < 0.7:
                    out.append(" ")
                out.append(ch)
            prev_ascii = ch != " "
            i += 1
            continue
        if ch in PUNCT_MAP:
            out.append(PUNCT_MAP[ch])
            prev_ascii = False
            i += 1
            continue
        # a Han character (or other CJK sign): 0–3 Latin letters/punctuation
        # next to a digit a glyph always leaves something (2024年10月 never glues into 202410)
        near_digit = prev_ascii or (i + 1 < len(line) and line[i + 1].isdigit())
        n = rng.choices([0, 1, 2, 3], weights=[0 if near_digit else 1, 4, 3, 2])[0]
        g = garbage(rng, n, letters_only=prev_ascii)
        if prev_ascii and g and rng.random() < 0.75:
            out.append(" ")
        out.append(g)
        if g and rng.random() < 0.55:
            out.append(" ")
        prev_ascii = False
        i += 1
    s = "".join(out)
    while "  " in s:
        s = s.replace("  ", " ")
    return s.strip()


def damage_numbers(line, rng, amounts, code):
    """Realistic damage to ASCII numbers: a space after the decimal point of a share or an amount
    (86. 53%, 253. 2911), now and then a space inside a long budget or schedule integer."""
    import re

    def pct(m):
        return m.group(1) + ". " + m.group(2) + "%" if rng.random() < 0.35 else m.group(0)
    line = re.sub(r"(\d{1,2})\.(\d{1,2})%", pct, line)
    for a in amounts:
        if a in line and "." in a and rng.random() < 0.35:
            line = line.replace(a, a.replace(".", ". "), 1)

    def long_int(m):
        s = m.group(0)
        if code and s in code:
            return s
        if rng.random() < 0.12:
            k = rng.randint(2, len(s) - 2)
            return s[:k] + " " + s[k:]
        return s
    return re.sub(r"(?<![\d.])\d{6,8}(?![\d.])", long_int, line)


def ocr_code(code, rng, mode):
    """The code's letter prefix as OCR misreads it: letters swapped for the digits they look like."""
    prefix = "".join(ch for ch in code[:4])
    idx = [i for i, ch in enumerate(prefix) if ch in CONFUSE]
    chosen = []
    if mode == "last":
        assert prefix[-1] in CONFUSE
        chosen = [3]
    elif mode == "one" and idx:
        chosen = [rng.choice([i for i in idx if i != 3] or idx[:1])]
    elif mode == "two" and idx:
        cands = [i for i in idx if i != 3]
        chosen = cands[:2]
    chosen = [i for i in chosen if i != 3] if mode != "last" else chosen
    p = list(prefix)
    for i in chosen:
        p[i] = CONFUSE[p[i]]
    assert sum(ch.isalpha() for ch in p) >= 2
    return "".join(p) + code[4:]


def wan_total(rng, lo, hi, decimals):
    """An amount in 万元 with exactly `decimals` decimals (last one not 0) → (written, 元)."""
    ip = rng.randrange(lo, hi)
    frac = "".join(str(rng.randrange(0, 10)) for _ in range(decimals - 1)) + str(rng.randrange(1, 10))
    written = f"{ip}.{frac}"
    yuan = int(Decimal(written) * 10000)
    assert gv.wan(yuan) == written
    return written, yuan


def annex_dump_lines():
    with open(SEED_002, encoding="utf-8") as f:
        lines = f.read().split("\n")
    start = next(i for i, l in enumerate(lines) if l.startswith("\t附件：社区党群服务中心服务指标"))
    return [l for l in lines[start:] if l != ""]


OCR_PLAN = [  # (name, defect, decimals original/amended, code damage, annex rows kept)
    ("o00_clean", None, (1, 4), "one", None),
    ("o01_clean", None, (2, 3), "none", 60),
    ("o02_clean", None, (3, 2), "two", 40),
    ("o03_clean", None, (4, 1), "one", 30),
    ("o04_no_confirm", "no_confirm", (1, 2), "one", 40),
    ("o05_no_confirm", "no_confirm", (4, 4), "none", 30),
    ("o06_one_amount", "one_amount", (2, 4), "one", 40),
    ("o07_one_amount", "one_amount", (1, 3), "two", 30),
    ("o08_code_last_letter", "code_last_letter", (2, 2), "last", 30),
]


def gen_ocr(rng, out_dir, index, name, defect, decimals, code_mode, keep_rows, dump):
    p = gv.make_params(rng, 40 + index)
    if code_mode == "last":
        # a prefix whose last letter OCR confuses with a digit (…CG → …C6)
        p["code"] = rng.choice(["BACG", "LHCG", "PSCG"]) + p["code"][4:]
    w0, t0 = wan_total(rng, 240, 300, decimals[0])
    while True:
        w1, t1 = wan_total(rng, 200, 300, decimals[1])
        if 50000 <= t0 - t1 <= 400000:
            break
    p["t0"], p["t1"] = t0, t1
    p["b0"] = gv.make_budget(rng, t0)
    p["b1"] = gv.make_budget(rng, t1, base=p["b0"])
    y, m, _ = p["start"]
    p["s0"] = gv.schedule(t0, y, m, 12)
    p["s1"] = gv.schedule(t1, y, m, 12, change=rng.choice([3, 4, 5, 6]), first_fee=p["s0"][0]["fee"])
    st = gv.make_style(rng)
    st["extra"] = {}
    paras, written = gv.render(p, st, None)
    texts = [x[1] if isinstance(x, tuple) else x for x in paras]
    # the annex heading and rows on the scanned pages became garbage too
    rows = gv.annex_rows(6)
    texts += ["".join(c for c in r if c) for r in rows[1:]]

    if defect == "no_confirm":
        # the page with the budget clause (the only amount/share pairs) is missing from the scan
        texts = [t for t in texts if not t.startswith("三、") and not t.startswith("项目人力费用为")]
    if defect == "one_amount":
        # the scan stops after the original amount: the amended one (and all after it) is lost
        k = next(i for i, t in enumerate(texts) if t.startswith("二、"))
        t = texts[k]
        texts = texts[:k] + [t[:t.index(st["change"])]]

    ocr_c = ocr_code(p["code"], rng, code_mode)
    amounts_written = [w0, w1]
    lines_out = []
    for t in texts:
        t = t.replace(p["code"], ocr_c)
        keep = [a + tail for a in amounts_written for tail in ("万元（大写：", "万元(大写:", "万元（大写:", "万元(大写：")]
        for line in wrap(t, rng, keep):
            protect = []
            for a in amounts_written:
                for tail in ("万元（大写", "万元(大写"):
                    j = line.find(a + tail)
                    if j >= 0:
                        s = j + len(a)
                        protect.append((s, s + 2, "wan"))
                        protect.append((s + 3, s + 5, "daxie"))
            g = garble_line(line, rng, protect)
            g = damage_numbers(g, rng, amounts_written, ocr_c)
            lines_out.append(g)
        lines_out.append("")
    annex = dump if keep_rows is None else dump[:keep_rows]
    text = "\n".join(lines_out) + "\n\n" + "\n".join(annex) + "\n"
    rel = f"corpus/variants2/{name}.txt"
    with open(os.path.join(ROOT, rel), "wb") as f:
        f.write(text.encode("utf-8"))

    # every value expected is checked to be in the garbage as the generator intended
    assert ocr_c in text
    import re
    shaped = re.findall(r"(?<![A-Za-z0-9])[A-Z0-9]{0,7}[A-Z]\d{8,}(?:-[A-Z0-9]{1,3})?(?![A-Za-z0-9])", "\n".join(lines_out))
    assert shaped == [ocr_c] or code_mode == "last", (name, shaped)
    exp = {
        "file": rel, "family": "ocr", "defect": defect, "encoding": "utf-8",
        "documentKind": "amendment",
        "projectCode": p["code"],
        "codeAsScanned": ocr_c,
        "amountOriginal": str(t0), "amountAmended": str(t1),
        "writtenWan": [w0, w1],
        "requiredFindings": ["ocr.wrong_language", "ocr.salvaged"],
        "errorFindings": [],
        "maxConfidence": 0.6,
    }
    if defect == "one_amount":
        # one amount left and no Chinese to say whether it is the original or the amended term
        exp["amountOriginal"] = None
        exp["amountAmended"] = None
        exp["writtenWan"] = [w0]
        assert w1 not in text.replace(". ", ".")
    return exp


# --------------------------------------------------------------------------------------------
# Requirements family
# --------------------------------------------------------------------------------------------
COUNTIES = ["清河县", "柏溪县", "云阳县", "安平县", "青川县", "岳池县", "通江县", "西充县", "营山县", "蓬安县"]
STREETS = ["凤凰街道", "城南街道", "东城街道", "龙台街道", "白鹤街道", "金桥街道", "玉泉街道", "文峰街道", "桂湖街道"]
COMMUNITIES = ["桂花社区", "莲池社区", "望江社区", "银杏社区", "水井社区", "红星社区", "杨柳社区", "紫薇社区",
               "双河社区", "石桥社区", "青龙社区", "芙蓉社区", "锦屏社区", "柳溪社区"]
TOWNS = ["龙泉镇", "高桥镇", "石佛镇", "永兴镇", "回龙镇", "太平镇", "白马镇"]
VILLAGES = ["柏树村", "黄桷村", "新民村", "马鞍村", "龙井村", "白果村", "青杠村", "桃园村"]

REQUIREMENTS = {
    "规范体系建设": "完善县域三级社工服务体系体制机制，推动县域三级社工服务体系标准化、规范化运行。",
    "收集群众需求": "深入辖区开展走访摸排，全面掌握居民需求，形成需求清单，开展项目设计，实施精准对接。",
    "链接社会资源": "以居民需求为导向，链接和引入辖区内外各方面资源，最大限度回应居民需求。",
    "提供救助服务": "开展社会救助政策宣传，协助困难群体申请救助，为救助对象提供照料护理、心理疏导等服务。",
    "开展老幼关爱": "重点围绕“一老一小”开展关爱服务，为留守老人、困境儿童提供探访、陪伴与成长支持。",
    "服务社区治理": "创新“五社联动”实践，培育社区社会组织，丰富社区服务内容，助力基层治理。",
    "助力生计发展": "协助服务对象参与技能培训，链接就业岗位，助力乡村振兴。",
    "培育社工人才": "开展社会工作专业培训、考前培训，培养本地社会工作专业人才。",
    "做好宣传工作": "加强项目宣传，及时报送项目信息，展示社会工作服务成效。",
}

# (text with {n}, metric, op, unit, per, value range); the expected first target is the template's
T = [
    ("排查户次：{n}户以上", "排查户次", ">=", "户", None, (80, 400)),
    ("服务人次：{n}人次以上", "服务人次", ">=", "人次", None, (100, 500)),
    ("制定需求清单：{n}个", "制定需求清单", "=", "个", None, (1, 5)),
    ("设计服务项目：{n}个", "设计服务项目", "=", "个", None, (1, 4)),
    ("开展政策宣讲不少于{n}场", "开展政策宣讲", ">=", "场", None, (3, 15)),
    ("县级媒体宣传报道：≥{n}次/月", "县级媒体宣传报道", ">=", "次", "月", (1, 3)),
    ("市级媒体宣传报道：≥{n}次/季度", "市级媒体宣传报道", ">=", "次", "季度", (1, 3)),
    ("培育持证社工≥{n}名", "培育持证社工", ">=", "名", None, (1, 6)),
    ("（协助）开展业务培训、政策宣传{n}场次", "开展业务培训、政策宣传", "=", "场次", None, (2, 12)),
    ("记录志愿时长不低于{n}小时", "记录志愿时长", ">=", "小时", None, (100, 600)),
    ("实施基层治理主题培训{n}次（一季度一次）", "实施基层治理主题培训", "=", "次", None, (2, 8)),
    ("开展救助对象入户访视{n}人次", "开展救助对象入户访视", "=", "人次", None, (20, 120)),
    ("建立困难老人详细档案{n}个", "建立困难老人详细档案", "=", "个", None, (20, 150)),
    ("撰写典型案例不少于{n}篇", "撰写典型案例", ">=", "篇", None, (1, 5)),
    ("引导备案的社区社会组织不少于{n}支", "引导备案的社区社会组织", ">=", "支", None, (3, 12)),
    ("链接就业岗位{n}个以上", "链接就业岗位", ">=", "个", None, (2, 10)),
    ("（协助）开展技能培训{n}人次", "开展技能培训", "=", "人次", None, (50, 300)),
    ("开展为老关爱活动{n}场以上，服务老人{m}人次", "开展为老关爱活动", ">=", "场", None, (4, 20)),
    ("注册志愿者{n}人，发布志愿项目不少于{m}个", "注册志愿者", "=", "人", None, (30, 200)),
    ("开展社工人才交流会{n}次", "开展社工人才交流会", "=", "次", None, (1, 6)),
    ("组织居民议事协商不少于{n}次", "组织居民议事协商", ">=", "次", None, (2, 12)),
    ("开展心理疏导服务{n}人次以上", "开展心理疏导服务", ">=", "人次", None, (20, 200)),
    ("开展邻里互助活动≥{n}场", "开展邻里互助活动", ">=", "场", None, (2, 10)),
    ("走访独居老人不低于{n}户", "走访独居老人", ">=", "户", None, (10, 80)),
    ("开展入户走访{n}户以上，建立走访台账", "开展入户走访", ">=", "户", None, (50, 300)),
    # once a quarter: the quantity is 1 次 per 季度 ({n} is not written)
    ("开展独居老人走访慰问一季度一次{x}", "开展独居老人走访慰问", "=", "次", "季度", (1, 2)),
    ("每月开展普法宣传不少于{n}次", "开展普法宣传", ">=", "次", "月", (1, 4)),
]
QUALITATIVE = [
    "引导各类社会力量参与网格管理和服务",
    "会同民政、社区建立健全社工站（室）管理运行、服务标准及财务制度并上墙",
    "协助抓好社区党组织工作规则学习贯彻",
    "合理使用社工站阵地并进行氛围营造，系统呈现各类社工元素",
    "及时上报典型案例、项目中期评估、结项评估等报告",
]
# a standard with a number but no unit a target can be read with (轮, 分, 套 are not units)
UNPARSED = [
    ("完成辖区重点人群走访{n}轮", (2, 6)),
    ("居民满意度测评得分不低于{n}分", (80, 95)),
    ("建立社区服务工作制度{n}套", (2, 8)),
]


def place(rng, used):
    while True:
        county = rng.choice(COUNTIES)
        if rng.random() < 0.7:
            mid, leaf = rng.choice(STREETS), rng.choice(COMMUNITIES)
            near = rng.choice([c for c in COMMUNITIES if c != leaf])
            hub = f"{mid}社工站"
        else:
            mid, leaf = rng.choice(TOWNS), rng.choice(VILLAGES)
            near = rng.choice([c for c in VILLAGES if c != leaf])
            hub = f"{mid}社工站"
        if leaf not in used:
            used.add(leaf)
            return {"county": county, "mid": mid, "leaf": leaf, "near": near, "hub": hub}


def make_line(rng, kind, spaces):
    """One 服务指标 line and its expected first target (None for a line without one)."""
    if kind == "qual":
        return rng.choice(QUALITATIVE), None
    if kind == "unparsed":
        tpl, (lo, hi) = rng.choice(UNPARSED)
        return tpl.format(n=rng.randrange(lo, hi)), None
    tpl, metric, op, unit, per, (lo, hi) = kind
    n = rng.randrange(lo, hi)
    m = rng.randrange(lo, hi) + 1
    num = f"{n} " if spaces and rng.random() < 0.3 else str(n)
    text = tpl.format(n=num, m=m, x="")
    if "{n}" not in tpl:
        n = 1      # 一季度一次: once
    return text, {"metric": metric, "op": op, "value": str(n), "unit": unit, "per": per}


def make_package(rng, pl, defect_here, spaces):
    """Rows of one package's table; the first row names the place (as 003 does)."""
    rows = []
    cats = list(REQUIREMENTS)
    # first row: 规范体系建设 with the place line (qualitative)
    first_lines = [
        (rng.choice(QUALITATIVE[:2]), None),
        (f"建成{pl['county']}{pl['mid']}{pl['leaf']}示范社工室，辐射带动{pl['near']}社工室，"
         f"{pl['hub']}建设运行，推动县域社工服务体系提能增效", None),
    ]
    if rng.random() < 0.5:
        first_lines.insert(0, (QUALITATIVE[3], None))
    rows.append({"category": "规范体系建设", "lines": first_lines, "numbered": True})
    n_rows = rng.randint(3, 6)
    pool = list(T)
    rng.shuffle(pool)
    others = rng.sample(cats[1:], n_rows)
    for ci, cat in enumerate(others):
        if rng.random() < 0.15:
            tpl = pool.pop()
            rows.append({"category": cat, "lines": [make_line(rng, tpl, spaces)], "numbered": False})
            continue
        k = rng.randint(2, 4)
        lines = []
        for _ in range(k):
            if rng.random() < 0.15:
                lines.append(make_line(rng, "qual", spaces))
            else:
                lines.append(make_line(rng, pool.pop(), spaces))
        rows.append({"category": cat, "lines": lines, "numbered": True})
    if defect_here == "unparsed":
        r = next(r for r in rows[1:] if r["numbered"])
        r["lines"].insert(rng.randrange(0, len(r["lines"]) + 1), make_line(rng, "unparsed", spaces))
        r["unparsed"] = True
    if defect_here == "gap":
        r = next(r for r in rows[1:] if r["numbered"] and len(r["lines"]) >= 2)
        if len(r["lines"]) == 2:
            r["lines"].append(make_line(rng, pool.pop(), spaces))
        r["gap"] = True
    return rows


def render_req(packages, heading_mode, rng, bookmark):
    """The DOCX text extract; returns lines and, per package, its indicators as expected."""
    out = ["服务要求"]
    expected = []
    first_no = rng.randint(1, 3)
    for pi, pkg in enumerate(packages):
        pl = pkg["place"]
        has_heading = heading_mode == "all" or (heading_mode == "first" and pi == 0)
        if has_heading:
            h = f"采购包{first_no + pi}.{pl['county']}{pl['mid']}{pl['leaf']}"
            out.append(("[bookmark: _GoBack]" if bookmark and pi == 0 else "") + h)
        elif pi > 0:
            pass
        out += ["\t服务类别", "\t具体服务内容", "\t服务指标", ""]
        inds = []
        for row in pkg["rows"]:
            out.append("\t" + row["category"])
            out.append("\t" + REQUIREMENTS[row["category"]])
            if not row["numbered"]:
                text, tgt = row["lines"][0]
                out.append("\t" + text + rng.choice(["。", "；", ""]))
                inds.append({"number": None, "target": tgt, "text": text})
            else:
                nums = list(range(1, len(row["lines"]) + 1))
                if row.get("gap"):
                    nums = nums[:2] + [n + 1 for n in nums[2:]]     # 1., 2., 4. …
                for li, ((text, tgt), n) in enumerate(zip(row["lines"], nums)):
                    end = "。" if li == len(row["lines"]) - 1 else "；"
                    out.append(("\t" if li == 0 else "") + f"{n}.{text}{end}")
                    inds.append({"number": f"{n}.", "target": tgt, "text": text})
            out.append("")
        expected.append(inds)
    return out, expected


REQ_PLAN = [  # (name, packages, heading mode, defect, encoding)
    ("r00_clean", 1, "all", None, "utf-8"),
    ("r01_clean", 2, "first", None, "utf-8"),
    ("r02_clean", 2, "all", None, "utf-8"),
    ("r03_clean", 3, "all", None, "utf-8"),
    ("r04_clean", 1, "none", None, "utf-8"),
    ("r05_clean", 3, "first", None, "utf-8"),
    ("r06_clean", 2, "none", None, "utf-8"),
    ("r07_gap", 2, "first", "gap", "utf-8"),
    ("r08_gap", 1, "all", "gap", "utf-8"),
    ("r09_unparsed", 1, "all", "unparsed", "utf-8"),
    ("r10_unparsed", 2, "all", "unparsed", "utf-8"),
    ("r11_gb_clean", 2, "first", None, "gb18030"),
    ("r12_gb_gap", 3, "all", "gap", "gb18030"),
]


def gen_req(rng, name, n_pkgs, heading_mode, defect, encoding):
    used = set()
    spaces = rng.random() < 0.5
    packages = []
    defect_pkg = rng.randrange(n_pkgs)
    for pi in range(n_pkgs):
        pl = place(rng, used)
        packages.append({"place": pl, "rows": make_package(rng, pl, defect if pi == defect_pkg else None, spaces)})
    lines, inds = render_req(packages, heading_mode, rng, bookmark=rng.random() < 0.5)
    text = "\n".join(lines) + "\n"
    rel = f"corpus/variants2/{name}.txt"
    if encoding == "gb18030":
        data = text.replace("\n", "\r\n").encode("gb18030")
    else:
        data = text.encode("utf-8")
    with open(os.path.join(ROOT, rel), "wb") as f:
        f.write(data)

    exp_pkgs = []
    for pi, (pkg, ind) in enumerate(zip(packages, inds)):
        pl = pkg["place"]
        has_heading = heading_mode == "all" or (heading_mode == "first" and pi == 0)
        # a name is certain from a heading; without one, from the place the first row names when
        # the file marks packages at all (a lone table without heading is one unnamed package)
        if has_heading:
            nm, how = pl["leaf"], "heading"
        elif heading_mode == "none" and n_pkgs == 1:
            nm, how = None, "none"
        else:
            nm, how = pl["leaf"], "inferred"
        # sample: the first indicator, every line with a target of a defect row, and 3 more
        idx = list(range(len(ind)))
        sample = set(rng.sample(idx, min(4, len(idx))))
        sample.add(0)
        for row_start, row in enumerate_rows(pkg["rows"]):
            if row.get("unparsed") or row.get("gap"):
                sample.update(range(row_start, row_start + len(row["lines"])))
        exp_pkgs.append({
            "name": nm, "nameFrom": how, "place": f"{pl['county']}{pl['mid']}{pl['leaf']}",
            "indicatorCount": len(ind),
            "samples": [{"index": i, "number": ind[i]["number"], "standardStart": ind[i]["text"][:6],
                         "firstTarget": ind[i]["target"]} for i in sorted(sample)],
        })
    required = {None: [], "gap": ["indicator.numbering_gap"], "unparsed": ["indicator.standard_unparsed"]}[defect]
    if any(p["nameFrom"] == "inferred" for p in exp_pkgs):
        required = required + ["package.name_inferred"]
    return {"file": rel, "family": "req", "defect": defect, "encoding": encoding,
            "crlf": encoding == "gb18030", "headings": heading_mode,
            "documentKind": "requirements", "packages": exp_pkgs,
            "requiredFindings": required, "errorFindings": []}


def enumerate_rows(rows):
    k = 0
    for r in rows:
        yield k, r
        k += len(r["lines"])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.join(ROOT, "corpus", "variants2"))
    ap.add_argument("--seed", type=int, default=20251123)
    args = ap.parse_args()
    gv._selftest_uppercase()
    os.makedirs(args.out, exist_ok=True)
    for f in os.listdir(args.out):
        if f.endswith(".txt"):
            os.remove(os.path.join(args.out, f))
    rng = random.Random(args.seed)
    dump = annex_dump_lines()
    files = []
    for i, (name, defect, decimals, code_mode, rows) in enumerate(OCR_PLAN):
        files.append(gen_ocr(rng, args.out, i, name, defect, decimals, code_mode, rows, dump))
    rng_r = random.Random(args.seed + 1)
    for name, n, mode, defect, enc in REQ_PLAN:
        files.append(gen_req(rng_r, name, n, mode, defect, enc))
    manifest = {"generator": "scripts/gen_variants_ocr_req.py", "seed": args.seed,
                "families": {"ocr": ["no_confirm", "one_amount", "code_last_letter"],
                             "req": ["gap", "unparsed", "gb18030"]},
                "files": files}
    with open(os.path.join(args.out, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(f"wrote {len(files)} files and manifest.json to {args.out}")


if __name__ == "__main__":
    main()

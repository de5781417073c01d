#!/usr/bin/env python3
"""The formerly quadratic inputs of ../shared/bugs/ (corpus/hostile/breakers/), made at any size.

    gen_breakers.py OUT SCALE

writes into OUT the five text-path breakers at SCALE times the size of the originals (SCALE may be
fractional): a dump cell followed by a long run of blank lines; vertical text, one character per
tab-indented line; an indicator cell of a run of 十; an HTML cell "1." followed by a long line of
"a " that no longer matches once tidied; a budget of thousands of identically named zero lines.
scripts/bench_scaling.sh times Accord on them at 1x, 2x and 4x: twice the input should take about
twice the time.
"""
import os
import sys


def write(path, text, encoding="utf-8"):
    with open(path, "w", encoding=encoding, newline="") as f:
        f.write(text)


def main():
    out, scale = sys.argv[1], float(sys.argv[2])
    os.makedirs(out, exist_ok=True)
    n = lambda base: max(1, int(base * scale))
    write(os.path.join(out, "dump_blank_lines_quadratic.txt"), "\tcell\n" + "\n" * n(100_000) + "\tcell2\n")
    header = "\t服务类别\n\t服务项目\n\t服务指标\n"
    write(os.path.join(out, "dump_vertical_text_join_quadratic.txt"), header + "\t字\n" * n(100_000))
    write(os.path.join(out, "target_han_numeral_quadratic.txt"),
          "服务类别\t服务项目\t服务指标\n社区类\t活动\t" + "十" * n(40_000) + "次\n")
    write(os.path.join(out, "html_numbered_line_search_quadratic.html"),
          "<html><body><table><tr><td>服务类别</td><td>服务项目</td><td>服务指标</td></tr>"
          "<tr><td>社区类</td><td>活动</td><td>1." + "a " * n(60_000) + "<br>b</td></tr></table></body></html>")
    write(os.path.join(out, "budget_quadratic_12k.txt"),
          "合同金额为100元\n" + "其中，甲乙为0元，占0%\n" * n(12_000))


if __name__ == "__main__":
    main()

/// The page's stylesheet, inline in its `<style>` element. Highlighter colours after daff's:
/// added green, removed red, changed rows yellow with the changed values blue, moved violet;
/// tightened green and loosened red text for directions. No font or image is fetched.
enum DiffPageStyle {
    static let css = """
    :root { --add: #c9f5c4; --add-edge: #3c9a3c; --rem: #ffd0d0; --rem-edge: #c23b3b; --mod: #fff2b3; --mod-edge: #c9a400;
            --hit: #c8d3ff; --hit-edge: #4a5fd0; --mov: #ecdcff; --mov-edge: #8a5cc2; --rew: #e2ecff; --ink: #1d2433; --dim: #6a7385;
            --line: #c9cfdb; --head: #dfe4f3; }
    * { box-sizing: border-box; }
    body { margin: 0 auto; max-width: 1400px; padding: 16px 20px 40px; color: var(--ink); background: #fff;
           font: 14px/1.45 "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif; }
    h1 { font-size: 20px; margin: 0 0 10px; }
    h2 { font-size: 17px; margin: 26px 0 8px; padding-bottom: 3px; border-bottom: 2px solid var(--head); }
    code, .loc { font-family: "DejaVu Sans Mono", ui-monospace, monospace; font-size: 12px; }
    a { color: #2846b8; text-decoration: none; }
    a:hover { text-decoration: underline; }
    .sides { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
    .side { border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; background: #f8f9fc; }
    .side .path { font-weight: 600; word-break: break-all; margin-bottom: 4px; }
    .side dl { display: grid; grid-template-columns: max-content 1fr; gap: 1px 10px; margin: 0; font-size: 13px; }
    .side dt { color: var(--dim); }
    .side dd { margin: 0; }
    .who { display: inline-block; min-width: 1.6em; padding: 0 5px; border-radius: 3px; background: var(--ink); color: #fff;
           font-size: 11px; font-weight: 700; text-align: center; }
    .side-b .path .who, .src-b .who { background: #4a5fd0; }
    .chips, .jump, .legend { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; margin: 6px 0; }
    .what { width: 84px; color: var(--dim); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
    .chip { padding: 2px 9px; border-radius: 12px; border: 1px solid var(--line); background: #f4f5f8; font-size: 13px; }
    .chip.zero { opacity: .45; }
    .jump a { padding: 1px 7px; border-radius: 4px; border: 1px solid var(--line); font-size: 12px; color: var(--ink); background: #f4f5f8; }
    .c-added { background: var(--add); border-color: var(--add-edge); }
    .c-removed { background: var(--rem); border-color: var(--rem-edge); }
    .c-target_changed { background: var(--mod); border-color: var(--mod-edge); }
    .c-reworded { background: var(--rew); border-color: var(--hit-edge); }
    .c-moved { background: var(--mov); border-color: var(--mov-edge); }
    .c-ambiguous { background: #ffe3c2; border-color: #c77a1a; }
    .c-unchanged { background: #fff; }
    .d-tightened { color: #1d7a1d; font-weight: 600; }
    .d-loosened { color: #b42121; font-weight: 600; }
    .d-mixed, .d-changed { color: #8a6d00; font-weight: 600; }
    .chip.d-tightened, .chip.d-loosened, .chip.d-mixed, .chip.d-changed { font-weight: 400; }
    .hit { background: var(--hit); box-shadow: 0 0 0 1px var(--hit-edge) inset; border-radius: 2px; padding: 0 2px; }
    table.hl { border-collapse: collapse; width: 100%; margin: 4px 0 8px; }
    table.hl th, table.hl td { border: 1px solid var(--line); padding: 5px 8px; vertical-align: top; text-align: left; }
    table.hl thead th { background: var(--head); font-weight: 700; position: sticky; top: 0; }
    table.hl tbody th { font-weight: 600; width: 24%; }
    table.money td.val, table.payments td.val { width: 27%; }
    td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
    td.val .v { font-size: 15px; font-variant-numeric: tabular-nums; }
    tr.row.c-target_changed > th, tr.row.c-target_changed > td { background: var(--mod); }
    tr.row.c-added > th, tr.row.c-added > td { background: var(--add); }
    tr.row.c-removed > th, tr.row.c-removed > td { background: var(--rem); }
    tr.row.c-reworded > th, tr.row.c-reworded > td { background: var(--rew); }
    tr.row.c-moved > th, tr.row.c-moved > td { background: var(--mov); }
    tr.row.c-added > th { border-left: 4px solid var(--add-edge); }
    tr.row.c-removed > th { border-left: 4px solid var(--rem-edge); }
    tr.row.c-target_changed > th { border-left: 4px solid var(--mod-edge); }
    tr.row > td.ind:first-child { border-left-width: 4px; }
    tr.row.c-added > td:first-child { border-left-color: var(--add-edge); }
    tr.row.c-removed > td:first-child { border-left-color: var(--rem-edge); }
    tr.row.c-target_changed > td:first-child { border-left-color: var(--mod-edge); }
    tr.row.c-moved > td:first-child { border-left-color: var(--mov-edge); }
    tr.row.c-reworded > td:first-child { border-left-color: var(--hit-edge); }
    tr.row > td.hitcell, tr.row > td.hitcell .v { background: var(--hit); }
    tr.row.c-unchanged { color: #3b4252; }
    tr.row.child > th { padding-left: 22px; font-weight: 500; }
    tr.row.total > th, tr.row.total > td { border-top: 2px solid var(--ink); font-weight: 700; }
    tr.row.first > th { border-left: 6px solid var(--hit-edge); }
    td.empty { background: repeating-linear-gradient(135deg, #f3f3f3 0 6px, #e9e9e9 6px 12px) !important; }
    :target { outline: 3px solid var(--hit-edge); outline-offset: -3px; }
    .badge { display: inline-block; padding: 0 7px; margin: 0 4px 3px 0; border-radius: 10px; border: 1px solid var(--line);
             font-size: 12px; font-weight: 600; color: var(--ink); background: #fff; }
    .badge.first { background: var(--hit); border-color: var(--hit-edge); margin-left: 6px; }
    td.mid { width: 22%; font-size: 13px; background: #fbfbfd !important; }
    td.ind { width: 39%; }
    .where { color: var(--dim); font-size: 12px; }
    .sub { margin: 2px 0; }
    .std { font-weight: 600; margin: 3px 0; }
    .std.reworded { background: var(--rew); }
    .absent { color: var(--dim); font-style: italic; }
    ul.tgts { margin: 4px 0; padding-left: 16px; }
    ul.tgts .old { background: var(--rem); padding: 0 2px; }
    ul.tgts .new { background: var(--add); padding: 0 2px; }
    .meta, .moved, .field { color: var(--dim); font-size: 12px; }
    .amb { color: #a25a00; font-size: 12px; }
    .links { margin-top: 4px; display: flex; flex-wrap: wrap; gap: 4px; }
    .srclink { font-size: 11px; border: 1px solid var(--line); border-radius: 3px; padding: 0 4px; background: #fff; }
    .src { margin-top: 5px; padding: 4px 6px; border-left: 3px solid var(--ink); background: rgba(255,255,255,.75);
           font-size: 12px; color: #30384a; }
    .src-b { border-left-color: #4a5fd0; }
    .src .loc { margin: 0 5px; color: #2846b8; }
    .src q { quotes: "“" "”"; }
    .src .conf, .src .nocrop { margin-left: 6px; color: #a25a00; }
    .src.quiet { border: none; background: none; padding: 0; margin-top: 2px; }
    .src.quiet .loc { margin: 0; color: var(--dim); }
    .src.none { color: var(--dim); border-left-color: var(--line); }
    img.crop { display: block; margin-top: 4px; max-width: 100%; max-height: 160px; border: 1px solid var(--hit-edge);
               background: #fff; image-rendering: auto; }
    details.unchanged { margin-top: 10px; }
    details.unchanged > summary { cursor: pointer; color: var(--dim); font-weight: 600; padding: 4px 0; }
    table.quiet td { font-size: 13px; }
    .nochange { color: var(--dim); }
    ul.findings { padding-left: 18px; }
    ul.findings .badge { text-transform: uppercase; }
    .sev-warning .badge { background: var(--mod); }
    .sev-error .badge { background: var(--rem); }
    footer { margin-top: 30px; color: var(--dim); font-size: 12px; border-top: 1px solid var(--line); }
    @media print { details.unchanged { display: none; } table.hl thead th { position: static; } }
    """
}

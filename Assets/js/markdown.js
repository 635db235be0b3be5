// A small, safe Markdown subset rendered straight to DOM nodes: headings, paragraphs, lists,
// quotes, fenced code, rules; inline code, bold, italic and links. Raw HTML is never
// interpreted (it shows as typed) and only http, https and mailto links are made.

/** Parses `text` into blocks: `{type, level?, ordered?, items?, lines?, text?}`. Pure. */
export function parseBlocks(text) {
  const lines = String(text || "").replace(/\r\n?/g, "\n").split("\n");
  const blocks = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (!line.trim()) { i++; continue; }
    const fence = line.match(/^\s*(```|~~~)/);
    if (fence) {
      const body = [];
      i++;
      while (i < lines.length && !lines[i].trim().startsWith(fence[1])) body.push(lines[i++]);
      i++;
      blocks.push({ type: "code", text: body.join("\n") });
      continue;
    }
    const heading = line.match(/^(#{1,6})\s+(.*?)\s*#*\s*$/);
    if (heading) {
      blocks.push({ type: "heading", level: heading[1].length, text: heading[2] });
      i++;
      continue;
    }
    if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) {
      blocks.push({ type: "rule" });
      i++;
      continue;
    }
    const item = /^\s*(?:([-*+])|(\d+)[.)])\s+(.*)$/;
    if (item.test(line)) {
      const ordered = !!line.match(item)[2];
      const items = [];
      while (i < lines.length && item.test(lines[i]) && !!lines[i].match(item)[2] === ordered) {
        items.push(lines[i].match(item)[3]);
        i++;
      }
      blocks.push({ type: "list", ordered, items });
      continue;
    }
    if (/^\s*>/.test(line)) {
      const body = [];
      while (i < lines.length && /^\s*>/.test(lines[i])) body.push(lines[i++].replace(/^\s*>\s?/, ""));
      blocks.push({ type: "quote", text: body.join(" ") });
      continue;
    }
    const para = [];
    while (i < lines.length && lines[i].trim() && !/^\s*(```|~~~|#{1,6}\s|>|([-*+]|\d+[.)])\s)/.test(lines[i])) {
      para.push(lines[i++].trim());
    }
    if (para.length === 0) para.push(lines[i++].trim());
    blocks.push({ type: "paragraph", text: para.join(" ") });
  }
  return blocks;
}

/** Splits inline text into `{type: "text"|"code"|"strong"|"em"|"link", text, href?}`. Pure. */
export function parseInline(text) {
  const out = [];
  const pattern = /`([^`]+)`|\*\*([^*]+)\*\*|__([^_]+)__|\*([^*\s][^*]*)\*|_([^_\s][^_]*)_|\[([^\]]+)\]\(([^)\s]+)\)|(https?:\/\/[^\s<>()]+[^\s<>().,;:!?'"])/g;
  let last = 0;
  for (const m of String(text).matchAll(pattern)) {
    if (m.index > last) out.push({ type: "text", text: text.slice(last, m.index) });
    if (m[1] !== undefined) out.push({ type: "code", text: m[1] });
    else if (m[2] !== undefined || m[3] !== undefined) out.push({ type: "strong", text: m[2] ?? m[3] });
    else if (m[4] !== undefined || m[5] !== undefined) out.push({ type: "em", text: m[4] ?? m[5] });
    else if (m[6] !== undefined) {
      const href = safeHref(m[7]);
      out.push(href ? { type: "link", text: m[6], href } : { type: "text", text: m[0] });
    } else out.push({ type: "link", text: m[8], href: m[8] });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ type: "text", text: text.slice(last) });
  return out;
}

/** The URL when it is http(s) or mailto, else `null`. */
export function safeHref(url) {
  return /^(https?:\/\/|mailto:)/i.test(url) ? url : null;
}

/** Renders Markdown into a DocumentFragment (text only ever as text nodes). */
export function renderMarkdown(text) {
  const fragment = document.createDocumentFragment();
  for (const block of parseBlocks(text)) fragment.append(renderBlock(block));
  return fragment;
}

function renderBlock(block) {
  switch (block.type) {
    case "heading": return inline(document.createElement(`h${block.level}`), block.text);
    case "rule": return document.createElement("hr");
    case "code": {
      const pre = document.createElement("pre");
      const code = document.createElement("code");
      code.textContent = block.text;
      pre.append(code);
      return pre;
    }
    case "list": {
      const list = document.createElement(block.ordered ? "ol" : "ul");
      for (const item of block.items) list.append(inline(document.createElement("li"), item));
      return list;
    }
    case "quote": return inline(document.createElement("blockquote"), block.text);
    default: return inline(document.createElement("p"), block.text);
  }
}

function inline(el, text) {
  for (const part of parseInline(text)) {
    if (part.type === "text") {
      el.append(document.createTextNode(part.text));
      continue;
    }
    const tag = { code: "code", strong: "strong", em: "em", link: "a" }[part.type];
    const child = document.createElement(tag);
    child.textContent = part.text;
    if (part.type === "link") {
      child.href = part.href;
      child.target = "_blank";
      child.rel = "noopener noreferrer";
    }
    el.append(child);
  }
  return el;
}

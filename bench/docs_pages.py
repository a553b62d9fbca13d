#!/usr/bin/env python3
"""Generates realistic provider docs pages for the driftwatch docs benchmarks.

Standard library only. Usage:

    python3 bench/docs_pages.py OUT_DIR [--count 200] [--size-kb 200] [--seed 42]

Writes OUT_DIR/page-000.html ... page-NNN.html and prints one line: "<count> pages, <bytes> bytes".
Deterministic: the same seed, count and size give byte-identical files.

Each page looks like a provider's docs page or model catalogue as served by a static-site or SSR
framework: a <head> with inline <style> sheets, preloads and inline <script>s (runtime, analytics,
JSON-LD), a header <nav> with a large menu, a cookie banner, a <main> with headings, paragraphs,
a table of image model IDs (gpt-image-2, gpt-image-1, dall-e-3, ...) with prices, code samples
(POST /v1/images/generations in curl, Python and JavaScript), a FAQ in <details>, a
"Last updated <date>" line, then a <footer> with link columns and a trailing hydration <script>
holding a JSON blob. Every page differs: its topic, models, prices, sections and sizes are drawn
from a random generator seeded with (seed, page number).

The "Last updated" line holds the marker @@LAST_UPDATED@@, which bench/docs_server.py replaces with
the time of each request (like an SSR page that renders "now"), so the page text changes on every
fetch unless the volatile pattern masks it. Nothing else varies between fetches.

Roughly 35-45 % of each page's bytes are inside <main>; the rest is markup, styles, scripts and
navigation that a docs watcher must throw away.
"""
import argparse
import json
import os
import random
import sys

MARKER = "@@LAST_UPDATED@@"

WORDS = ("the a an of to in for with on by from as at that this which when your you can will must "
         "should may not or and model image images request response endpoint field value parameter "
         "size quality format background prompt generation generate edit variation token tokens "
         "billing price per output input rate limit limits tier organization project key keys "
         "header authentication bearer error errors status retry latency stream streaming moderation "
         "policy safety content transparent opaque auto standard high medium low png jpeg webp "
         "resolution pixels aspect ratio square portrait landscape compression seed deterministic "
         "deprecated deprecation shutdown snapshot alias release version versions compatible "
         "openai-compatible provider gateway region regional availability dashboard usage credits "
         "invoice account team member role permission webhook callback url base64 json payload "
         "schema property properties array object string integer number boolean null optional "
         "required default minimum maximum returned includes include contains documented example "
         "examples guide quickstart reference migration changelog notes behaviour behavior "
         "recommended supported unsupported experimental preview stable general availability").split()

IMAGE_MODELS = ["gpt-image-2", "gpt-image-2-2026-04-21", "gpt-image-1", "gpt-image-1-mini", "gpt-image-1.5",
                "dall-e-3", "dall-e-2", "flux-1.1-pro", "flux-kontext-max", "imagen-4", "imagen-4-ultra",
                "seedream-4", "ideogram-v3", "recraft-v3", "stable-diffusion-3.5-large", "qwen-image",
                "hunyuan-image-3", "midjourney-v7", "nano-banana", "kling-image-2"]
TEXT_MODELS = ["gpt-5", "gpt-5-mini", "gpt-4.1", "gpt-4o", "gpt-4o-mini", "o3", "o4-mini", "claude-sonnet-4",
               "gemini-2.5-pro", "gemini-2.5-flash", "deepseek-v3.1", "qwen3-235b", "llama-4-maverick",
               "grok-4", "mistral-large-2", "kimi-k2"]
SIZES = ["1024x1024", "1536x1024", "1024x1536", "auto", "512x512", "256x256", "1792x1024", "1024x1792"]
QUALITIES = ["low", "medium", "high", "auto", "standard", "hd"]
TOPICS = ["Image generation", "Model catalogue", "Pricing", "Images API reference", "Quickstart",
          "Rate limits", "Error codes", "Migration guide", "Prompting guide", "Changelog",
          "Authentication", "Streaming image generation", "Image edits", "Moderation",
          "Regional availability", "Batch jobs", "Webhooks", "SDKs", "Model deprecations", "FAQ"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
NAV_SECTIONS = ["Get started", "Models", "Images", "Text", "Audio", "Video", "Embeddings", "Batch",
                "Files", "Fine-tuning", "Assistants", "Realtime", "Moderation", "Billing", "Account",
                "Organization", "Security", "SDKs", "Changelog", "Status"]


def sentence(rng, lo=8, hi=22):
    words = [rng.choice(WORDS) for _ in range(rng.randint(lo, hi))]
    if rng.random() < 0.35:
        words.insert(rng.randrange(len(words)), rng.choice(IMAGE_MODELS))
    if rng.random() < 0.15:
        words.insert(rng.randrange(len(words)), "<code>%s</code>" % rng.choice(["size", "quality", "n", "model",
                                                                               "response_format", "output_format",
                                                                               "background", "moderation"]))
    if rng.random() < 0.2:
        i = rng.randrange(len(words))
        words[i] = '<a href="/docs/%s">%s</a>' % (rng.choice(WORDS), words[i])
    s = " ".join(words)
    return s[0].upper() + s[1:] + rng.choice([".", ".", ".", ":", "!"]) if s[0].isalpha() else s + "."


def paragraph(rng):
    return "<p>" + " ".join(sentence(rng) for _ in range(rng.randint(2, 6))) + "</p>\n"


def hexid(rng, n):
    return "%0*x" % (n, rng.getrandbits(4 * n))


def css_block(rng, rules):
    out = []
    for i in range(rules):
        cls = "%s-%s" % (rng.choice(["docs", "nav", "tw", "css", "md", "prose", "btn", "card", "tbl"]), hexid(rng, 6))
        props = ";".join("%s:%s" % (rng.choice(["margin", "padding", "color", "background", "display", "font-size",
                                                 "line-height", "border", "grid-template-columns", "gap",
                                                 "max-width", "transition", "box-shadow", "z-index"]),
                                     rng.choice(["0", "1rem", "var(--c-%s)" % hexid(rng, 4), "flex", "grid",
                                                 "#%s" % hexid(rng, 6), "1px solid rgba(0,0,0,.08)",
                                                 "repeat(auto-fill,minmax(12rem,1fr))", "all .2s ease",
                                                 "0 1px 2px rgba(0,0,0,.05)", "calc(100% - 2rem)"]))
                         for _ in range(rng.randint(2, 7)))
        media = rng.random() < 0.1
        rule = ".%s{%s}" % (cls, props)
        out.append("@media (min-width:%dpx){%s}" % (rng.choice([640, 768, 1024, 1280]), rule) if media else rule)
    return "".join(out)


def js_block(rng, statements):
    out = ["(()=>{\"use strict\";"]
    for _ in range(statements):
        name = "_" + hexid(rng, 5)
        kind = rng.randrange(4)
        if kind == 0:
            out.append("const %s=function(e,t){return e&&t?e[t]||null:void 0};" % name)
        elif kind == 1:
            out.append("var %s={id:\"%s\",ts:%d,flags:[%s]};" % (name, hexid(rng, 16), rng.randint(10**9, 2 * 10**9),
                                                                  ",".join(str(rng.randint(0, 99)) for _ in range(6))))
        elif kind == 2:
            out.append("function %s(n){for(let i=0;i<n.length;i++){if(n[i]===\"%s\")return i}return -1}"
                       % (name, rng.choice(IMAGE_MODELS + TEXT_MODELS)))
        else:
            out.append("window.%s=window.%s||[];window.%s.push([\"event\",\"%s\",{v:%d}]);"
                       % (name, name, name, rng.choice(["page_view", "scroll", "click", "copy_code"]), rng.randint(1, 999)))
    out.append("})();")
    return "".join(out)


def nav(rng, nonce):
    items = []
    for section in NAV_SECTIONS:
        links = "".join('<li><a class="nav-link" href="/docs/%s/%s">%s %s</a></li>'
                        % (section.lower().replace(" ", "-"), rng.choice(WORDS), section, rng.choice(WORDS))
                        for _ in range(rng.randint(6, 14)))
        items.append('<li class="nav-group"><button aria-expanded="false">%s</button><ul>%s</ul></li>' % (section, links))
    return ('<header class="site-header"><a class="logo" href="/">WisGate <span>Docs</span></a>'
            '<form role="search"><input type="search" placeholder="Search docs" name="q"></form>'
            '<nav aria-label="Main"><ul>%s</ul></nav></header>\n' % "".join(items))


def cookie_banner(rng):
    return ('<div class="cookie-banner" role="dialog" aria-label="Cookies"><p>We use cookies to improve your '
            'experience, measure traffic and personalise content. Consent id %s. See our '
            '<a href="/legal/cookies">cookie policy</a>.</p><button>Accept all</button>'
            '<button>Reject non-essential</button></div>\n' % hexid(rng, 24))


def model_table(rng, models):
    rows = []
    for m in models:
        rows.append("<tr><td><code>%s</code></td><td>%s</td><td>$%.3f</td><td>$%.2f</td><td>%s</td><td>%s</td><td>%s</td></tr>"
                    % (m, rng.choice(["Image", "Image, edit", "Image, edit, variation", "Image (preview)"]),
                       rng.uniform(0.005, 0.25), rng.uniform(1, 40), ", ".join(rng.sample(SIZES, 3)),
                       ", ".join(rng.sample(QUALITIES, 2)), rng.choice(["GA", "Preview", "Deprecated", "GA"])))
    return ('<table class="models"><caption>Image models available on WisGate</caption><thead><tr><th>Model ID</th>'
            '<th>Capabilities</th><th>Price per image</th><th>Price per 1M input tokens</th><th>Sizes</th>'
            '<th>Quality</th><th>Status</th></tr></thead><tbody>%s</tbody></table>\n' % "".join(rows))


def text_table(rng):
    rows = "".join("<tr><td><code>%s</code></td><td>%d</td><td>$%.2f</td><td>$%.2f</td></tr>"
                   % (m, rng.choice([8192, 32768, 128000, 200000, 1000000]), rng.uniform(0.1, 15), rng.uniform(0.4, 60))
                   for m in rng.sample(TEXT_MODELS, rng.randint(5, 12)))
    return ('<table class="text-models"><thead><tr><th>Model</th><th>Context</th><th>Input / 1M</th>'
            '<th>Output / 1M</th></tr></thead><tbody>%s</tbody></table>\n' % rows)


def code_samples(rng, model):
    size = rng.choice(SIZES[:3])
    quality = rng.choice(QUALITIES[:4])
    prompt = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 10)))
    curl = ('curl https://api.wisgate.ai/v1/images/generations \\\n  -H "Authorization: Bearer $WISGATE_API_KEY" \\\n'
            '  -H "Content-Type: application/json" \\\n  -d \'{\n    "model": "%s",\n    "prompt": "%s",\n'
            '    "n": 1,\n    "size": "%s",\n    "quality": "%s"\n  }\'' % (model, prompt, size, quality))
    py = ('from openai import OpenAI\n\nclient = OpenAI(base_url="https://api.wisgate.ai/v1", api_key=os.environ["WISGATE_API_KEY"])\n'
          'result = client.images.generate(\n    model="%s",\n    prompt="%s",\n    size="%s",\n)\n'
          'image_bytes = base64.b64decode(result.data[0].b64_json)' % (model, prompt, size))
    js = ('const res = await fetch("https://api.wisgate.ai/v1/images/generations", {\n  method: "POST",\n'
          '  headers: { Authorization: `Bearer ${process.env.WISGATE_API_KEY}`, "Content-Type": "application/json" },\n'
          '  body: JSON.stringify({ model: "%s", prompt: "%s", n: 1, size: "%s" }),\n});\n'
          'const { data } = await res.json();' % (model, prompt, size))
    resp = json.dumps({"created": rng.randint(1_700_000_000, 1_800_000_000),
                       "data": [{"b64_json": "iVBORw0KGgoAAAANSUhEUgAA..."}],
                       "usage": {"total_tokens": rng.randint(100, 5000)}}, indent=2)
    esc = lambda s: s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return ('<div class="code-tabs"><div role="tablist"><button>curl</button><button>Python</button>'
            '<button>JavaScript</button></div>'
            '<p>Request: <code>POST /v1/images/generations</code></p>'
            '<pre><code class="language-bash">%s</code></pre>'
            '<pre><code class="language-python">%s</code></pre>'
            '<pre><code class="language-js">%s</code></pre>'
            '<p>Response</p><pre><code class="language-json">%s</code></pre></div>\n'
            % (esc(curl), esc(py), esc(js), esc(resp)))


def faq(rng):
    items = "".join("<details><summary>%s?</summary>%s</details>" % (sentence(rng, 5, 10)[:-1], paragraph(rng))
                    for _ in range(rng.randint(3, 8)))
    return "<section class=\"faq\"><h2>Frequently asked questions</h2>%s</section>\n" % items


def footer(rng):
    cols = "".join('<div class="col"><h4>%s</h4><ul>%s</ul></div>'
                   % (section, "".join('<li><a href="/%s/%s">%s</a></li>' % (section.lower(), rng.choice(WORDS), rng.choice(WORDS).title())
                                       for _ in range(rng.randint(5, 10))))
                   for section in ["Product", "Developers", "Company", "Resources", "Legal"])
    return ('<footer class="site-footer">%s<p>&copy; 2026 WisGate Inc. All rights reserved. Build %s</p></footer>\n'
            % (cols, hexid(rng, 40)))


def main_content(rng, index, budget):
    topic = TOPICS[index % len(TOPICS)]
    models = rng.sample(IMAGE_MODELS, rng.randint(6, 14))
    if "gpt-image-2" not in models:
        models.insert(rng.randrange(len(models) + 1), "gpt-image-2")
    parts = ['<main id="content"><article class="prose">\n',
             '<nav aria-label="Breadcrumb"><a href="/docs">Docs</a> / <a href="/docs/images">Images</a> / %s</nav>\n' % topic,
             "<h1>%s (%d)</h1>\n" % (topic, index),
             '<p class="updated">Last updated %s</p>\n' % MARKER,
             paragraph(rng), paragraph(rng),
             "<h2>Available image models</h2>\n", paragraph(rng), model_table(rng, models)]
    size = sum(len(p) for p in parts)
    n = 0
    while size < budget:
        n += 1
        block = ["<h2 id=\"s%d\">%s %s</h2>\n" % (n, rng.choice(WORDS).title(), rng.choice(WORDS))]
        for _ in range(rng.randint(1, 3)):
            block.append("<h3>%s</h3>\n" % sentence(rng, 3, 6)[:-1])
            block.extend(paragraph(rng) for _ in range(rng.randint(1, 4)))
            r = rng.random()
            if r < 0.3:
                block.append(code_samples(rng, rng.choice(models)))
            elif r < 0.45:
                block.append(text_table(rng))
            elif r < 0.6:
                block.append("<ul>%s</ul>\n" % "".join("<li>%s</li>" % sentence(rng, 4, 12) for _ in range(rng.randint(3, 8))))
            elif r < 0.7:
                block.append('<aside class="note"><strong>Note</strong> %s</aside>\n' % sentence(rng))
        text = "".join(block)
        parts.append(text)
        size += len(text)
    parts.append(faq(rng))
    parts.append("</article></main>\n")
    return "".join(parts)


def page(seed, index, size_kb):
    rng = random.Random("%d/%d" % (seed, index))
    target = size_kb * 1024
    # Shares of the page: head styles, head scripts, main content, trailing data; the rest is nav/footer.
    main_share = rng.uniform(0.35, 0.45)
    style_share = rng.uniform(0.12, 0.2)
    script_share = rng.uniform(0.12, 0.2)
    nonce = hexid(rng, 22)
    title = "%s — WisGate Docs" % TOPICS[index % len(TOPICS)]
    head = ['<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            "<title>%s</title>" % title,
            '<meta name="description" content="%s">' % sentence(rng).replace('"', ""),
            '<link rel="canonical" href="https://wisgate.ai/docs/page-%03d">' % index,
            "".join('<link rel="preload" as="script" href="/_next/static/chunks/%s.js">' % hexid(rng, 16) for _ in range(12)),
            '<style nonce="%s">%s</style>' % (nonce, css_block(rng, int(target * style_share / 110))),
            '<script nonce="%s">%s</script>' % (nonce, js_block(rng, int(target * script_share / 75))),
            '<script type="application/ld+json">%s</script>' % json.dumps({"@context": "https://schema.org", "@type": "TechArticle",
                                                                          "headline": title, "dateModified": "2026-11-%02d" % rng.randint(1, 28)}),
            "</head>\n"]
    body_start = ['<body class="docs theme-light"><noscript>Enable JavaScript for the best experience.</noscript>\n',
                  nav(rng, nonce), cookie_banner(rng),
                  '<div class="layout"><aside class="sidebar"><ul>%s</ul></aside>\n'
                  % "".join('<li><a href="#s%d">%s</a></li>' % (i, rng.choice(WORDS).title()) for i in range(1, 30))]
    main = main_content(rng, index, int(target * main_share))
    tail = ["</div>\n", footer(rng),
            '<!-- rendered by ssr-%s -->\n' % hexid(rng, 8)]
    so_far = sum(map(len, head)) + sum(map(len, body_start)) + len(main) + sum(map(len, tail))
    # Fill the rest with the framework's hydration data and a trailing script, as SSR sites do.
    remaining = max(0, target - so_far - 200)
    data = {"props": {"pageProps": {"page": index, "models": [{"id": m, "h": hexid(rng, 32)} for m in IMAGE_MODELS]}},
            "buildId": hexid(rng, 20), "chunks": []}
    blob = json.dumps(data)
    while len(blob) < remaining * 0.6:
        data["chunks"].append({"id": hexid(rng, 12), "deps": [hexid(rng, 8) for _ in range(6)], "size": rng.randint(100, 99999)})
        blob = json.dumps(data)
    tail.append('<script id="__NEXT_DATA__" type="application/json">%s</script>' % blob)
    rest = remaining - len(blob)
    tail.append('<script nonce="%s">%s</script>' % (nonce, js_block(rng, max(1, int(rest / 75)))))
    tail.append("</body></html>\n")
    return "".join(head + body_start + [main] + tail)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out_dir")
    ap.add_argument("--count", type=int, default=200)
    ap.add_argument("--size-kb", type=int, default=200)
    ap.add_argument("--seed", type=int, default=42)
    args = ap.parse_args()
    if not 1 <= args.count <= 10000:
        sys.exit("docs_pages.py: --count must be 1..10000")
    if not 4 <= args.size_kb <= 10000:
        sys.exit("docs_pages.py: --size-kb must be 4..10000")
    os.makedirs(args.out_dir, exist_ok=True)
    total = 0
    for i in range(args.count):
        html = page(args.seed, i, args.size_kb).encode("utf-8")
        with open(os.path.join(args.out_dir, "page-%03d.html" % i), "wb") as f:
            f.write(html)
        total += len(html)
    print("%d pages, %d bytes" % (args.count, total))


if __name__ == "__main__":
    main()

"""An article's body: its container, cleared of furniture, read into paragraph lines and images."""

from __future__ import annotations

import copy
from functools import cache
from urllib.parse import urljoin

from lxml import html as lxml_html
from parsel import Selector

from danvan_crawler.extract.chrome import PRUNE_TAGS, is_furniture_node
from danvan_crawler.extract.layout import BLOCK_TAGS, LINKY, Layout
from danvan_crawler.extract.normalize import squash
from danvan_crawler.extract.pagesel import PageSelector, string_value
from danvan_crawler.extract.profiles import PlatformProfile


@cache
def _trafilatura():
    """trafilatura's extract() and our options for it, built on first use.

    Imported here rather than at module level (0.2 s): a re-crawl that finds no new
    article never needs it. Its default config drops bodies under 250 characters, and
    short notices ("Thông báo ...") are articles too. The options are what extract()
    builds from these keywords on every call (parsing the config's numbers and date
    settings, ~0.1 ms an article); trafilatura reads a shared Extractor without
    changing it (its recall retry works on a copy).
    """
    from trafilatura import extract
    from trafilatura.settings import Extractor, use_config

    config = use_config()
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "1")
    config.set("DEFAULT", "MIN_OUTPUT_SIZE", "1")
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
    options = Extractor(
        config=config,
        output_format="txt",
        comments=False,
        tables=True,
        images=False,
        links=False,
        recall=True,
        dedup=False,
        with_metadata=False,
        formatting=None,
    )
    return extract, options


_GENERIC_ALT = {"", "image", "images", "responsive image", "ảnh", "hình ảnh", "img", "photo"}


def _node_with_text(nodes, css: str):
    return next((node for node in nodes if squash(" ".join(node.css("::text").getall()))), None)


def container_problem(layout: Layout, el) -> str | None:
    """Why ``el`` cannot be the article's body: link-dense, a list of short items, or far shorter
    than the page's main prose elsewhere; None when it can."""
    blocks = layout.blocks_in(el)
    total = sum(len(b.text) for b in blocks)
    if not total:
        return "no text"
    if sum(b.link_chars for b in blocks) / total >= LINKY:
        return "link-dense (a menu or a list of links)"
    items = [b for b in blocks if b.el.tag == "li"]
    item_chars = sum(len(b.text) for b in items)
    if items and item_chars / total >= 0.6 and item_chars / len(items) < 160:
        return "mostly short list items"
    main = layout.main
    apart = main is not None and not layout.contains(el, main) and not layout.contains(main, el)
    if apart and layout.prose_chars(el) < 0.5 * layout.prose_chars(main):
        return "far shorter than the page's main text, which lies elsewhere"
    return None


def body_container(sel: PageSelector, profile: PlatformProfile, layout: Layout | None = None, choices=None):
    """(a pruned copy of the body element, method, the element): the configured container that
    passes its checks, else the element holding the page's prose, else the whole <body>."""
    node, method, rejected = None, "heuristic", []
    for css, nodes in sel.matches(profile.body):
        found = _node_with_text(nodes, css)
        if found is None:
            continue
        problem = container_problem(layout, found.root) if layout is not None else None
        if problem is None:
            node, method = found.root, "platform"
            if choices is not None:
                choices.accept("text", f"selector {css}", None)
            break
        rejected.append(found.root)
        if choices is not None:
            choices.reject("text", f"selector {css}", None, problem)
    if node is None and layout is not None and layout.main is not None:
        node, method = layout.main, "structure"
        if choices is not None:
            choices.accept("text", f"<{node.tag}> holding most of the page's prose", None)
    if node is None:
        node = page_body(sel)
        if choices is not None:
            choices.accept("text", "the whole <body> (trafilatura)", None)
    container = copy.deepcopy(node)
    container.tail = None
    # A block rejected as the body (a related list wearing a content class) would draw
    # trafilatura's own container choice: it goes.
    for path in [_path(node, el) for el in rejected]:
        doomed = _follow(container, path) if path else None
        if doomed is not None and doomed.getparent() is not None:
            doomed.getparent().remove(doomed)
    prune(container, profile)
    _div_paragraphs(container)
    return container, method, node


def page_body(sel: PageSelector):
    """The page's <body> element (the root when there is none)."""
    body = sel.css("body") or sel.sel
    return (body[0] if isinstance(body, list) else body).root


def pruned_copy(node, profile: PlatformProfile):
    """A copy of ``node`` cleared of furniture, ready for trafilatura."""
    container = copy.deepcopy(node)
    container.tail = None
    prune(container, profile)
    _div_paragraphs(container)
    return container


def _path(outer, el) -> list[int] | None:
    """Child indices leading from ``outer`` down to ``el``; None when ``el`` is not inside."""
    steps = []
    while el is not None and el is not outer:
        parent = el.getparent()
        if parent is None:
            return None
        steps.append(parent.index(el))
        el = parent
    return steps[::-1] if el is outer else None


def _follow(root, path: list[int]):
    node = root
    for step in path:
        node = node[step]
    return node


def _div_paragraphs(container) -> None:
    """Turn text-holding <div>s without block children into <p>: trafilatura drops many such
    paragraphs (editors write paragraphs as <div>)."""
    for node in container.iter("div"):
        if node is container or any(isinstance(c.tag, str) and c.tag in BLOCK_TAGS for c in node):
            continue
        if squash("".join(node.itertext())):
            node.tag = "p"


def prune(container, profile: PlatformProfile) -> None:
    """Remove furniture nodes inside ``container`` (in place)."""
    doomed = [n for n in container.iter(*PRUNE_TAGS) if n is not container]
    for _, nodes in PageSelector(Selector(root=container)).matches(profile.prune):
        doomed.extend(n.root for n in nodes if n.root is not container)
    for node in container.iter():
        if node is container or not isinstance(node.tag, str):
            continue
        if is_furniture_node(node.get("class"), node.get("id")):
            doomed.append(node)
    for node in doomed:
        parent = node.getparent()
        if parent is None:
            continue
        # Keep the tail text (text after the node belongs to the parent).
        if node.tail and node.tail.strip():
            prev = node.getprevious()
            if prev is not None:
                prev.tail = (prev.tail or "") + node.tail
            else:
                parent.text = (parent.text or "") + node.tail
        parent.remove(node)


def paragraph_lines(container) -> list[str]:
    """Paragraph lines of the container, via trafilatura."""
    wrapper = lxml_html.Element("html")
    body = lxml_html.Element("body")
    wrapper.append(body)
    body.append(container)
    extract, options = _trafilatura()
    text = extract(wrapper, options=options)
    return (text or "").splitlines()


def images(container, base_url: str) -> list[dict[str, str | None]]:
    """Every distinct image of the container: absolute URL and caption."""
    found = []
    seen = set()
    for img in container.iter("img"):
        src = img.get("src") or img.get("data-src") or ""
        if not src or src.startswith("data:"):
            continue
        src = urljoin(base_url, src.strip())
        if src in seen:
            continue
        seen.add(src)
        found.append({"url": src, "caption": _caption_for(img)})
    return found


def _caption_for(img) -> str | None:
    # figure/figcaption and WordPress .wp-caption hold the caption with the image.
    for ancestor in img.iterancestors():
        klass = ancestor.get("class") or ""
        if ancestor.tag == "figure" or "wp-caption" in klass.split():
            for cap in ancestor.iter():
                cap_class = cap.get("class") or "" if isinstance(cap.tag, str) else ""
                if cap.tag == "figcaption" or "wp-caption-text" in cap_class.split():
                    text = squash(string_value(cap))
                    if text:
                        return text
            break
        if ancestor.tag in ("p", "div", "td", "span", "a", "center", "strong", "em"):
            # Captions on these portals are the next short paragraph, centred or italic.
            sibling = ancestor.getnext()
            if ancestor.tag == "p" and sibling is not None and sibling.tag == "p":
                text = squash(string_value(sibling))
                style = (sibling.get("style") or "").replace(" ", "").lower()
                italic = sibling.find(".//em") is not None or sibling.find(".//i") is not None
                if text and len(text) <= 200 and ("text-align:center" in style or italic):
                    return text
            break
    alt = squash(img.get("alt") or img.get("title"))
    return None if alt.lower() in _GENERIC_ALT else alt

"""Post content: Gutenberg block markup, texturize, and the expected body text."""

import html
import re
import unicodedata
import zlib

ORIGIN = "https://opsintels.com"

_TEXTURIZE = {
    "\u2019": "&#8217;", "\u2018": "&#8216;", "\u201c": "&#8220;", "\u201d": "&#8221;",
    "\u2013": "&#8211;", "\u2014": "&#8212;", "\u2026": "&#8230;",
}


def esc(text):
    """HTML-escape text (attributes too)."""
    return html.escape(text, quote=True)


def texturize(text):
    """Escape, then print typographic characters as WordPress's wptexturize does."""
    out = esc(text).replace("&#x27;", "&#039;")
    for ch, ent in _TEXTURIZE.items():
        out = out.replace(ch, ent)
    return out


def strip_tags(markup):
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def clean(text):
    return unicodedata.normalize("NFC", " ".join(text.split()))


def upload_url(file):
    return f"{ORIGIN}/wp-content/uploads/{file}"


def body_paragraphs(blocks):
    """The article's own paragraphs, in order (h2 and list items included)."""
    out = []
    for block in blocks:
        kind = block[0]
        if kind in ("p", "h2"):
            out.append(clean(block[1]))
        elif kind == "ul":
            out.extend(clean(item) for item in block[1])
    return out


def inline_captions(blocks):
    return [clean(b[3]) for b in blocks if b[0] == "image" and b[3]]


def _paragraph(block):
    text = texturize(block[1])
    opts = block[2] if len(block) > 2 else {}
    if "link" in opts:
        anchor, href = opts["link"]
        text = text.replace(texturize(anchor), f'<a href="{esc(href)}">{texturize(anchor)}</a>', 1)
    return f"<p>{text}</p>"


def _image(block, post_url):
    _, file, alt, caption, attachment = block
    img = (f'<img decoding="async" width="1024" height="683" src="{upload_url(file)}" '
           f'alt="{esc(alt)}" class="wp-image-{zlib.crc32(file.encode()) % 9000 + 1000}" '
           f'srcset="{upload_url(file)} 1024w, {upload_url(file[:-4] + "-300x200.jpg")} 300w" '
           f'sizes="(max-width: 1024px) 100vw, 1024px" />')
    if attachment:
        img = f'<a href="{post_url}{attachment}/">{img}</a>'
    cap = f'<figcaption class="wp-element-caption">{texturize(caption)}</figcaption>' if caption else ""
    return f'<figure class="wp-block-image size-large">{img}{cap}</figure>'


def _tweet(block):
    _, text, signature, status_url, date = block
    return (
        '<figure class="wp-block-embed is-type-rich is-provider-twitter wp-block-embed-twitter">'
        '<div class="wp-block-embed__wrapper">\n'
        '<blockquote class="twitter-tweet" data-width="550" data-dnt="true">'
        f'<p lang="en" dir="ltr">{texturize(text)} <a href="https://t.co/x7Lk2pQe9A">pic.twitter.com/x7Lk2pQe9A</a></p>'
        f'&mdash; {esc(signature)} <a href="{esc(status_url)}?ref_src=twsrc%5Etfw">{esc(date)}</a></blockquote>'
        '<script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>\n'
        '</div></figure>'
    )


def _youtube(block):
    _, video_id, title = block
    return (
        '<figure class="wp-block-embed is-type-video is-provider-youtube wp-block-embed-youtube '
        'wp-embed-aspect-16-9 wp-has-aspect-ratio"><div class="wp-block-embed__wrapper">\n'
        f'<iframe loading="lazy" title="{esc(title)}" width="800" height="450" '
        f'src="https://www.youtube.com/embed/{video_id}?feature=oembed" frameborder="0" '
        'allow="accelerometer; autoplay; clipboard-write; encrypted-media; gyroscope; '
        'picture-in-picture; web-share" referrerpolicy="strict-origin-when-cross-origin" '
        'allowfullscreen></iframe>\n</div></figure>'
    )


NEWSLETTER = (
    '<script>(function() {window.mc4wp = window.mc4wp || {listeners: [],forms: {on: function(evt, cb) '
    '{window.mc4wp.listeners.push({event: evt, callback: cb});}}}})();</script>'
    '<!-- Mailchimp for WordPress v4.10.6 - https://wordpress.org/plugins/mailchimp-for-wp/ -->'
    '<form id="mc4wp-form-1" class="mc4wp-form mc4wp-form-3012" method="post" data-id="3012" '
    'data-name="Newsletter"><div class="mc4wp-form-fields">'
    '<p><strong>Subscribe to our newsletter</strong> for a weekly briefing on defense, '
    'intelligence and geopolitics.</p>'
    '<p><input type="email" name="EMAIL" placeholder="Your email address" required /></p>'
    '<p><input type="submit" value="Sign up" /></p></div>'
    '<label style="display: none !important;">Leave this field empty if you&#039;re human: '
    '<input type="text" name="_mc4wp_honeypot" value="" tabindex="-1" autocomplete="off" /></label>'
    '<input type="hidden" name="_mc4wp_timestamp" value="1748595600" />'
    '<input type="hidden" name="_mc4wp_form_id" value="3012" />'
    '<input type="hidden" name="_mc4wp_form_element_id" value="mc4wp-form-1" />'
    '<div class="mc4wp-response"></div></form><!-- / Mailchimp for WordPress Plugin -->'
)


def render_blocks(blocks, post_url):
    """Post content HTML as the_content() prints it."""
    parts = []
    for block in blocks:
        kind = block[0]
        if kind == "p":
            parts.append(_paragraph(block))
        elif kind == "h2":
            parts.append(f'<h2 class="wp-block-heading">{texturize(block[1])}</h2>')
        elif kind == "ul":
            items = "".join(f"<li>{texturize(i)}</li>" for i in block[1])
            parts.append(f'<ul class="wp-block-list">{items}</ul>')
        elif kind == "pullquote":
            parts.append(f'<figure class="wp-block-pullquote"><blockquote><p>{texturize(block[1])}</p>'
                         f'<cite>{texturize(block[2])}</cite></blockquote></figure>')
        elif kind == "image":
            parts.append(_image(block, post_url))
        elif kind == "tweet":
            parts.append(_tweet(block))
        elif kind == "youtube":
            parts.append(_youtube(block))
        elif kind == "newsletter":
            parts.append(NEWSLETTER)
        else:
            raise ValueError(f"unknown block {kind!r}")
    return "\n\n".join(parts) + "\n"


def excerpt(blocks, words=55):
    """WordPress auto excerpt: first 55 words of the text, then ' [&hellip;]'."""
    text = " ".join(p for p in body_paragraphs(blocks))
    split = text.split()
    if len(split) <= words:
        return text
    return " ".join(split[:words]) + " [\u2026]"


def word_count(blocks):
    return sum(len(p.split()) for p in body_paragraphs(blocks))

"""OpsIntels (https://opsintels.com)."""

from crawler.extract import SiteRules
from crawler.spiders.base import NewsSpider


class OpsIntelsSpider(NewsSpider):
    """
    Domain
      OpsIntels, defense and intelligence news. WordPress with Elementor Pro templates, Yoast
      SEO (sitemap index, JSON-LD ``@graph``) and wpDiscuz comments.
    Caveats
      Pages show the date only as "3 weeks ago": dates come from Yoast JSON-LD / Open Graph.
      The author box appears twice per page and its avatar alt text reads "Picture of …".
      Pages (about, contact) share the article URL shape; they are skipped as non-articles
      by their metadata (og:type website, no Article node).
    Spider arguments
      base_url  crawl a mirror instead, e.g. ``-a base_url=http://127.0.0.1:8808``
    """

    name = "opsintels"
    site = "opsintels"
    start_url = "https://opsintels.com"
    allowed_domains = ["opsintels.com"]
    sitemap_paths = ("/sitemap_index.xml", "/wp-sitemap.xml")
    # Yoast: post-sitemap.xml, post-sitemap2.xml…; core: wp-sitemap-posts-post-1.xml
    sitemap_follow = (r"/post-sitemap\d*\.xml", r"/wp-sitemap-posts-post-\d+\.xml")
    feed_paths = ("/feed/",)
    section_paths = ("/category/defense/", "/category/geopolitics/")
    article_paths = (r"^/[^/]+/?$",)
    deny_paths = (r"^/(category|tag|author|page|feed|wp-admin|wp-content|wp-json|search|comments)(/|$)",
                  r"\.(xml|php|txt|jpe?g|png|gif|webp|pdf)$")
    section_link_css = (".elementor-post__title a", "article.elementor-post a.elementor-post__thumbnail__link",
                        "h2.entry-title a", "h3.entry-title a")
    next_page_css = ("a.page-numbers.next::attr(href)", "a.next::attr(href)", "link[rel=next]::attr(href)")
    rules = SiteRules(
        site_names=("OpsIntels", "opsintels.com"),
        scope_css=('[data-elementor-type="single-post"]',),
        title_css=(".elementor-widget-theme-post-title .elementor-heading-title",),
        byline_css=(".elementor-author-box__name",),
        body_css=(".elementor-widget-theme-post-content > .elementor-widget-container",
                  ".elementor-widget-theme-post-content"),
        caption_css=(".elementor-widget-theme-post-featured-image figcaption, "
                     ".elementor-widget-theme-post-content figcaption",),
    )

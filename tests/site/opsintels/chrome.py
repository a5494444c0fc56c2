"""Site chrome shared by every HTML page: <head> assets, Elementor header/footer."""

from .authors import ORIGIN
from .content import esc

WP = f"{ORIGIN}/wp-content"
VER_EL = "3.31.2"
VER_ELPRO = "3.31.2"

HEAD_ASSETS = f"""<link rel='dns-prefetch' href='//fonts.googleapis.com' />
<link rel="alternate" type="application/rss+xml" title="OpsIntels &raquo; Feed" href="{ORIGIN}/feed/" />
<link rel="alternate" type="application/rss+xml" title="OpsIntels &raquo; Comments Feed" href="{ORIGIN}/comments/feed/" />
<style id='wp-img-auto-sizes-contain-inline-css'>
img:is([sizes=auto i],[sizes^="auto," i]){{contain-intrinsic-size:3000px 1500px}}
</style>
<style id='wp-emoji-styles-inline-css'>
	img.wp-smiley, img.emoji {{
		display: inline !important;
		border: none !important;
		box-shadow: none !important;
		height: 1em !important;
		width: 1em !important;
		margin: 0 0.07em !important;
		vertical-align: -0.1em !important;
		background: none !important;
		padding: 0 !important;
	}}
</style>
<link rel='stylesheet' id='wp-block-library-css' href='{ORIGIN}/wp-includes/css/dist/block-library/style.min.css?ver=6.8.2' media='all' />
<link rel='stylesheet' id='hello-elementor-css' href='{WP}/themes/hello-elementor/style.min.css?ver=3.4.4' media='all' />
<link rel='stylesheet' id='elementor-frontend-css' href='{WP}/plugins/elementor/assets/css/frontend.min.css?ver={VER_EL}' media='all' />
<link rel='stylesheet' id='elementor-post-5-css' href='{WP}/uploads/elementor/css/post-5.css?ver=1755760912' media='all' />
<link rel='stylesheet' id='widget-heading-css' href='{WP}/plugins/elementor/assets/css/widget-heading.min.css?ver={VER_EL}' media='all' />
<link rel='stylesheet' id='widget-author-box-css' href='{WP}/plugins/elementor-pro/assets/css/widget-author-box.min.css?ver={VER_ELPRO}' media='all' />
<link rel='stylesheet' id='widget-share-buttons-css' href='{WP}/plugins/elementor-pro/assets/css/widget-share-buttons.min.css?ver={VER_ELPRO}' media='all' />
<link rel='stylesheet' id='widget-posts-css' href='{WP}/plugins/elementor-pro/assets/css/widget-posts.min.css?ver={VER_ELPRO}' media='all' />
<link rel='stylesheet' id='wpdiscuz-frontend-css-css' href='{WP}/plugins/wpdiscuz/themes/default/style.css?ver=7.6.33' media='all' />
<style id='wpdiscuz-frontend-css-inline-css'>
 #wpdcom .wpd-blog-administrator .wpd-comment-label{{color:#ffffff;background-color:#00B38F;border:none}}#wpdcom .wpd-blog-administrator .wpd-comment-author, #wpdcom .wpd-blog-administrator .wpd-comment-author a{{color:#00B38F}}#wpdcom.wpd-layout-1 .wpd-comment .wpd-blog-administrator .wpd-avatar img{{border-color:#00B38F}}#wpdcom .wpd-form-head .wpd-form-title{{font-size:20px;font-weight:600}}#wpdcom .wpd-prim-button{{background-color:#07B290}}
</style>
<link rel='stylesheet' id='elementor-gf-roboto-css' href='https://fonts.googleapis.com/css?family=Roboto:100,200,300,400,500,600,700,800,900&#038;display=swap' media='all' />
<script src="{ORIGIN}/wp-includes/js/jquery/jquery.min.js?ver=3.7.1" id="jquery-core-js"></script>
<script src="{ORIGIN}/wp-includes/js/jquery/jquery-migrate.min.js?ver=3.4.1" id="jquery-migrate-js"></script>
<link rel="https://api.w.org/" href="{ORIGIN}/wp-json/" />
<link rel="EditURI" type="application/rsd+xml" title="RSD" href="{ORIGIN}/xmlrpc.php?rsd" />
<meta name="generator" content="WordPress 6.8.2" />
<meta name="generator" content="Elementor {VER_EL}; features: e_font_icon_svg, additional_custom_breakpoints, e_element_cache; settings: css_print_method-external, google_font-enabled, font_display-swap">
<link rel="icon" href="{WP}/uploads/2025/01/cropped-opsintels-icon-32x32.png" sizes="32x32" />
<link rel="icon" href="{WP}/uploads/2025/01/cropped-opsintels-icon-192x192.png" sizes="192x192" />
<link rel="apple-touch-icon" href="{WP}/uploads/2025/01/cropped-opsintels-icon-180x180.png" />"""

_MENU = [("Home", f"{ORIGIN}/", "menu-item-home"), ("Defense", f"{ORIGIN}/category/defense/", ""),
         ("Geopolitics", f"{ORIGIN}/category/geopolitics/", ""),
         ("About Us", f"{ORIGIN}/about-us/", ""), ("Contact Us", f"{ORIGIN}/contact-us/", "")]


def _menu(menu_id, items):
    lis = "\n".join(
        f'<li class="menu-item menu-item-type-custom menu-item-object-custom {extra} menu-item-{menu_id + i}">'
        f'<a href="{href}" class="elementor-item">{esc(label)}</a></li>'
        for i, (label, href, extra) in enumerate(items))
    return f'<ul id="menu-1-{menu_id}" class="elementor-nav-menu">\n{lis}\n</ul>'


HEADER = f"""<a class="skip-link screen-reader-text" href="#content">Skip to content</a>
		<header data-elementor-type="header" data-elementor-id="87" class="elementor elementor-87 elementor-location-header" data-elementor-post-type="elementor_library">
			<div class="elementor-element elementor-element-5c1e0f2 e-flex e-con-boxed e-con e-parent" data-id="5c1e0f2" data-element_type="container" data-settings="{{&quot;background_background&quot;:&quot;classic&quot;,&quot;sticky&quot;:&quot;top&quot;}}">
					<div class="e-con-inner">
				<div class="elementor-element elementor-element-1b7d8c3 elementor-widget elementor-widget-theme-site-logo elementor-widget-image" data-id="1b7d8c3" data-element_type="widget" data-widget_type="theme-site-logo.default">
				<div class="elementor-widget-container">
											<a href="{ORIGIN}">
			<img width="512" height="512" src="{WP}/uploads/2025/01/opsintels-logo.png" class="attachment-full size-full wp-image-12" alt="OpsIntels" />				</a>
											</div>
				</div>
				<div class="elementor-element elementor-element-9e4f6a1 elementor-nav-menu__align-end elementor-nav-menu--dropdown-tablet elementor-nav-menu__text-align-aside elementor-nav-menu--toggle elementor-nav-menu--burger elementor-widget elementor-widget-nav-menu" data-id="9e4f6a1" data-element_type="widget" data-settings="{{&quot;layout&quot;:&quot;horizontal&quot;}}" data-widget_type="nav-menu.default">
				<div class="elementor-widget-container">
								<nav aria-label="Menu" class="elementor-nav-menu--main elementor-nav-menu__container elementor-nav-menu--layout-horizontal e--pointer-underline e--animation-fade">
				{_menu(21, _MENU)}
			</nav>
					<div class="elementor-menu-toggle" role="button" tabindex="0" aria-label="Menu Toggle" aria-expanded="false">
			<svg aria-hidden="true" role="presentation" class="elementor-menu-toggle__icon--open e-font-icon-svg e-eicon-menu-bar" viewBox="0 0 1000 1000" xmlns="http://www.w3.org/2000/svg"><path d="M104 333H896C929 333 958 304 958 271S929 208 896 208H104C71 208 42 237 42 271S71 333 104 333ZM104 583H896C929 583 958 554 958 521S929 458 896 458H104C71 458 42 487 42 521S71 583 104 583ZM104 833H896C929 833 958 804 958 771S929 708 896 708H104C71 708 42 737 42 771S71 833 104 833Z"></path></svg><span class="elementor-menu-toggle__icon--close"></span>
			<span class="elementor-screen-only">Menu</span>
		</div>
				</div>
				</div>
					</div>
				</div>
				</header>"""

_FOOTER_MENU = [("About Us", f"{ORIGIN}/about-us/", ""), ("Contact Us", f"{ORIGIN}/contact-us/", ""),
                ("Privacy Policy", f"{ORIGIN}/privacy-policy/", "")]

FOOTER = f"""		<footer data-elementor-type="footer" data-elementor-id="96" class="elementor elementor-96 elementor-location-footer" data-elementor-post-type="elementor_library">
			<div class="elementor-element elementor-element-7d3a9b0 e-flex e-con-boxed e-con e-parent" data-id="7d3a9b0" data-element_type="container" data-settings="{{&quot;background_background&quot;:&quot;classic&quot;}}">
					<div class="e-con-inner">
				<div class="elementor-element elementor-element-0a4c2e8 elementor-widget elementor-widget-heading" data-id="0a4c2e8" data-element_type="widget" data-widget_type="heading.default">
				<div class="elementor-widget-container">
					<h2 class="elementor-heading-title elementor-size-default">Categories</h2>				</div>
				</div>
				<div class="elementor-element elementor-element-3b8e1d4 elementor-nav-menu--dropdown-none elementor-widget elementor-widget-nav-menu" data-id="3b8e1d4" data-element_type="widget" data-widget_type="nav-menu.default">
				<div class="elementor-widget-container">
								<nav aria-label="Menu" class="elementor-nav-menu--main elementor-nav-menu__container elementor-nav-menu--layout-vertical e--pointer-none">
				{_menu(60, _MENU[1:3])}
			</nav>
						</div>
				</div>
				<div class="elementor-element elementor-element-6f2b7c5 elementor-nav-menu--dropdown-none elementor-widget elementor-widget-nav-menu" data-id="6f2b7c5" data-element_type="widget" data-widget_type="nav-menu.default">
				<div class="elementor-widget-container">
								<nav aria-label="Menu" class="elementor-nav-menu--main elementor-nav-menu__container elementor-nav-menu--layout-vertical e--pointer-none">
				{_menu(70, _FOOTER_MENU)}
			</nav>
						</div>
				</div>
				<div class="elementor-element elementor-element-e91d0c2 elementor-widget elementor-widget-text-editor" data-id="e91d0c2" data-element_type="widget" data-widget_type="text-editor.default">
				<div class="elementor-widget-container">
									<p>Copyright &copy; 2025 OpsIntels. All Rights Reserved.</p>								</div>
				</div>
					</div>
				</div>
				</footer>"""

FOOT_SCRIPTS = f"""<script type="speculationrules">
{{"prefetch":[{{"source":"document","where":{{"and":[{{"href_matches":"\\/*"}},{{"not":{{"href_matches":["\\/wp-*.php","\\/wp-admin\\/*","\\/wp-content\\/uploads\\/*","\\/wp-content\\/*","\\/wp-content\\/plugins\\/*","\\/wp-content\\/themes\\/hello-elementor\\/*","\\/*\\\\?(.+)"]}}}},{{"not":{{"selector_matches":"a[rel~=\\"nofollow\\"]"}}}},{{"not":{{"selector_matches":".no-prefetch, .no-prefetch a"}}}}]}},"eagerness":"conservative"}}]}}
</script>
<script src="{WP}/plugins/elementor-pro/assets/lib/smartmenus/jquery.smartmenus.min.js?ver=1.2.1" id="smartmenus-js"></script>
<script src="{WP}/plugins/elementor/assets/js/webpack.runtime.min.js?ver={VER_EL}" id="elementor-webpack-runtime-js"></script>
<script src="{WP}/plugins/elementor/assets/js/frontend-modules.min.js?ver={VER_EL}" id="elementor-frontend-modules-js"></script>
<script src="{ORIGIN}/wp-includes/js/jquery/ui/core.min.js?ver=1.13.3" id="jquery-ui-core-js"></script>
<script id="elementor-frontend-js-before">
var elementorFrontendConfig = {{"environmentMode":{{"edit":false,"wpPreview":false,"isScriptDebug":false}},"i18n":{{"shareOnFacebook":"Share on Facebook","shareOnTwitter":"Share on Twitter","pinIt":"Pin it","download":"Download","downloadImage":"Download image","fullscreen":"Fullscreen","zoom":"Zoom","share":"Share","playVideo":"Play Video","previous":"Previous","next":"Next","close":"Close"}},"is_rtl":false,"breakpoints":{{"xs":0,"sm":480,"md":768,"lg":1025,"xl":1440,"xxl":1600}},"version":"{VER_EL}","is_static":false,"experimentalFeatures":{{"e_font_icon_svg":true,"additional_custom_breakpoints":true,"container":true,"theme_builder_v2":true,"nested-elements":true,"e_element_cache":true,"home_screen":true}},"urls":{{"assets":"https:\\/\\/opsintels.com\\/wp-content\\/plugins\\/elementor\\/assets\\/","ajaxurl":"https:\\/\\/opsintels.com\\/wp-admin\\/admin-ajax.php","uploadUrl":"https:\\/\\/opsintels.com\\/wp-content\\/uploads"}},"nonces":{{"floatingButtonsClickTracking":"3b1f0c9e2a"}},"swiperClass":"swiper","settings":{{"page":[],"editorPreferences":[]}},"kit":{{"active_breakpoints":["viewport_mobile","viewport_tablet"],"global_image_lightbox":"yes","lightbox_enable_counter":"yes","lightbox_enable_fullscreen":"yes","lightbox_enable_zoom":"yes","lightbox_enable_share":"yes"}},"post":{{"id":__POST_ID__,"title":"__POST_TITLE__","excerpt":"","featuredImage":false}}}};
</script>
<script src="{WP}/plugins/elementor/assets/js/frontend.min.js?ver={VER_EL}" id="elementor-frontend-js"></script>
<script src="{WP}/plugins/elementor-pro/assets/js/webpack-pro.runtime.min.js?ver={VER_ELPRO}" id="elementor-pro-webpack-runtime-js"></script>
<script id="elementor-pro-frontend-js-before">
var ElementorProFrontendConfig = {{"ajaxurl":"https:\\/\\/opsintels.com\\/wp-admin\\/admin-ajax.php","nonce":"8c2a41d7f0","urls":{{"assets":"https:\\/\\/opsintels.com\\/wp-content\\/plugins\\/elementor-pro\\/assets\\/","rest":"https:\\/\\/opsintels.com\\/wp-json\\/"}},"settings":{{"lazy_load_background_images":true}},"shareButtonsNetworks":{{"facebook":{{"title":"Facebook","has_counter":true}},"twitter":{{"title":"Twitter"}},"linkedin":{{"title":"LinkedIn","has_counter":true}},"whatsapp":{{"title":"WhatsApp"}},"telegram":{{"title":"Telegram"}}}},"facebook_sdk":{{"lang":"en_US","app_id":""}}}};
</script>
<script src="{WP}/plugins/elementor-pro/assets/js/frontend.min.js?ver={VER_ELPRO}" id="elementor-pro-frontend-js"></script>
<script src="{WP}/plugins/elementor-pro/assets/js/elements-handlers.min.js?ver={VER_ELPRO}" id="pro-elements-handlers-js"></script>"""


def document(head, body_class, main, post_id=0, post_title="", charset_meta="UTF-8", extra_foot=""):
    """A full WordPress (Hello Elementor theme) page. ``charset_meta=None`` omits <meta charset>."""
    meta = f'<meta charset="{charset_meta}">\n' if charset_meta else ""
    foot = (FOOT_SCRIPTS.replace("__POST_ID__", str(post_id))
            .replace("__POST_TITLE__", esc(post_title).replace("/", "\\/")))
    return f"""<!doctype html>
<html lang="en-US">
<head>
	{meta}	<meta name="viewport" content="width=device-width, initial-scale=1">
	<link rel="profile" href="https://gmpg.org/xfn/11">
	{head}
{HEAD_ASSETS}
</head>
<body class="{body_class}">

{HEADER}
{main}
{FOOTER}
{extra_foot}{foot}
</body>
</html>
"""

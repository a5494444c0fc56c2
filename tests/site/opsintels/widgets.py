"""Elementor / Elementor Pro / wpDiscuz building blocks used by the page templates."""

import zlib

from .authors import AUTHORS, ORIGIN, byline
from .content import esc, strip_tags, texturize, upload_url
from .dates import human_time_diff


def eid(*parts):
    """A stable 7-hex-digit Elementor element id."""
    return f"{zlib.crc32('/'.join(map(str, parts)).encode()) & 0xFFFFFFF:07x}"


def container(key, inner, extra=""):
    e = eid("con", key)
    return (f'<div class="elementor-element elementor-element-{e} e-flex e-con-boxed e-con e-parent {extra}" '
            f'data-id="{e}" data-element_type="container">\n\t\t\t\t\t<div class="e-con-inner">\n'
            f'{inner}\n\t\t\t\t\t</div>\n\t\t\t\t</div>')


def widget(key, name, inner, skin="default", extra="", container_cls="elementor-widget-container"):
    e = eid("w", key)
    return (f'\t\t\t\t<div class="elementor-element elementor-element-{e} {extra} elementor-widget '
            f'elementor-widget-{name}" data-id="{e}" data-element_type="widget" '
            f'data-widget_type="{name}.{skin}">\n\t\t\t\t<div class="{container_cls}">\n'
            f'\t\t\t\t\t{inner}\n\t\t\t\t</div>\n\t\t\t\t</div>')


def heading(key, text, tag="h2"):
    return widget(key, "heading",
                  f'<{tag} class="elementor-heading-title elementor-size-default">{texturize(text)}</{tag}>')


def author_box(key, author, name_text, bio=True, link=True):
    """Elementor Pro author box; avatar alt is 'Picture of ' + the printed name."""
    bio_html = (f'\n\t\t\t\t\t\t<div class="elementor-author-box__bio">\n\t\t\t\t\t\t\t'
                f'{texturize(author["bio"])}\t\t\t\t\t\t</div>') if bio else ""
    name = f'<h4 class="elementor-author-box__name">\n\t\t\t\t\t\t\t{esc(name_text)}\t\t\t\t\t\t</h4>'
    name = f'<a href="{author["url"]}">\n\t\t\t\t\t\t{name}\n\t\t\t\t\t</a>' if link else f"<div>{name}</div>"
    inner = f"""<div class="elementor-author-box">
							<div  class="elementor-author-box__avatar">
					<img src="{author['avatar']}" alt="Picture of {esc(name_text)}" loading="lazy">
				</div>
			
			<div class="elementor-author-box__text">
									{name}
				{bio_html}
							</div>
		</div>"""
    return widget(key, "author-box", inner)


def byline_box(key, post):
    names = [AUTHORS[a]["name"] for a in post["authors"]]
    return author_box(key, AUTHORS[post["authors"][0]], "By " + byline(names), bio=False, link=False)


def post_info_date(key, post):
    inner = f"""<ul class="elementor-inline-items elementor-icon-list-items elementor-post-info">
								<li class="elementor-icon-list-item elementor-repeater-item-{eid('pi', key)} elementor-inline-item" itemprop="datePublished">
										<span class="elementor-icon-list-icon">
								<svg aria-hidden="true" class="e-font-icon-svg e-fas-calendar" viewBox="0 0 448 512" xmlns="http://www.w3.org/2000/svg"><path d="M12 192h424c6.6 0 12 5.4 12 12v260c0 26.5-21.5 48-48 48H48c-26.5 0-48-21.5-48-48V204c0-6.6 5.4-12 12-12z"></path></svg>							</span>
									<span class="elementor-icon-list-text elementor-post-info__item elementor-post-info__item--type-date">
										<time>{human_time_diff(post['published_at'])}</time>					</span>
								</li>
				</ul>"""
    return widget(key, "post-info", inner)


def post_info_terms(key, post, tags):
    links = ", ".join(
        f'<a href="{ORIGIN}/tag/{slug}/" class="elementor-post-info__terms-list-item">{esc(name)}</a>'
        for slug, name in tags)
    inner = f"""<ul class="elementor-inline-items elementor-icon-list-items elementor-post-info">
								<li class="elementor-icon-list-item elementor-repeater-item-{eid('pt', key)} elementor-inline-item" itemprop="about">
									<span class="elementor-icon-list-text elementor-post-info__item elementor-post-info__item--type-terms">
							<span class="elementor-post-info__item-prefix">Tags:</span>
										<span class="elementor-post-info__terms-list">
				{links}				</span>
					</span>
								</li>
				</ul>"""
    return widget(key, "post-info", inner)


def featured_image(key, post, title_text):
    img = post["image"]
    small = upload_url(img["file"][:-4] + "-300x200.jpg")
    tag = (f'<img fetchpriority="high" width="{img["width"]}" height="{img["height"]}" '
           f'src="{upload_url(img["file"])}" class="attachment-full size-full wp-image-{post["post_id"] + 1}" '
           f'alt="{esc(title_text)}" srcset="{upload_url(img["file"])} {img["width"]}w, {small} 300w" '
           f'sizes="(max-width: {img["width"]}px) 100vw, {img["width"]}px" />')
    if img["caption"]:
        inner = (f'<figure class="wp-caption">\n\t\t\t\t\t{tag}\n\t\t\t\t\t'
                 f'<figcaption class="widget-image-caption wp-caption-text">{texturize(img["caption"])}</figcaption>\n'
                 f'\t\t\t\t\t</figure>')
    else:
        inner = tag
    return widget(key, "theme-post-featured-image", inner, extra="elementor-widget-image")


_NETWORKS = ["facebook", "x-twitter", "linkedin", "whatsapp", "telegram"]


def share_buttons(key):
    items = "\n".join(
        f"""					<div class="elementor-grid-item">
						<div class="elementor-share-btn elementor-share-btn_{n}" role="button" tabindex="0" aria-label="Share on {n.split('-')[0]}">
															<span class="elementor-share-btn__icon">
								<svg class="e-font-icon-svg e-fab-{n}" viewBox="0 0 512 512" xmlns="http://www.w3.org/2000/svg"><path d="M0 0h512v512H0z"></path></svg>							</span>
																				</div>
					</div>""" for n in _NETWORKS)
    inner = f'<div class="elementor-grid" role="list">\n{items}\n\t\t\t</div>'
    return widget(key, "share-buttons", inner,
                  extra="elementor-share-buttons--view-icon elementor-share-buttons--skin-flat "
                        "elementor-share-buttons--shape-circle elementor-grid-0 elementor-share-buttons--color-official")


def post_card(post, title_html, url, excerpt_text=None):
    """One item of an Elementor posts / archive-posts grid (classic skin)."""
    classes = " ".join(
        [f"post-{post['post_id']}", "post", "type-post", "status-publish", "format-standard"]
        + (["has-post-thumbnail"] if post["image"] else []) + ["hentry"]
        + [f"category-{c}" for c in post["categories"]] + [f"tag-{t}" for t in post["tags"]])
    thumb = ""
    if post["image"]:
        thumb = (f'\n\t\t\t\t<a class="elementor-post__thumbnail__link" href="{url}" tabindex="-1" >'
                 f'\n\t\t\t<div class="elementor-post__thumbnail"><img loading="lazy" width="300" height="200" '
                 f'src="{upload_url(post["image"]["file"][:-4] + "-300x200.jpg")}" '
                 f'class="attachment-medium size-medium wp-image-{post["post_id"] + 1}" alt="" /></div>\n\t\t</a>')
    ex = ""
    if excerpt_text:
        ex = (f'\n\t\t\t\t<div class="elementor-post__excerpt">\n\t\t\t<p>{texturize(excerpt_text)}</p>\n\t\t</div>'
              f'\n\t\t\t\t<a class="elementor-post__read-more" href="{url}" aria-label="Read more about '
              f'{esc(strip_tags(title_html))}" tabindex="-1" >\n\t\t\tRead More &raquo;\t\t</a>')
    return f"""		<article class="elementor-post elementor-grid-item {classes}" role="listitem">{thumb}
				<div class="elementor-post__text">
				<h3 class="elementor-post__title">
			<a href="{url}" >
				{title_html}			</a>
		</h3>
				<div class="elementor-post__meta-data">
					<span class="elementor-post-date">
			{human_time_diff(post['published_at'])}		</span>
				</div>{ex}
				</div>
				</article>"""


def pagination(base, page, pages):
    """Elementor archive pagination (prev_next + numbers)."""
    if pages <= 1:
        return ""

    def href(n):
        return base if n == 1 else f"{base}page/{n}/"

    parts = []
    if page > 1:
        parts.append(f'<a class="page-numbers prev" href="{href(page - 1)}">&laquo; Previous</a>')
    else:
        parts.append('<span class="page-numbers prev">&laquo; Previous</span>')
    for n in range(1, pages + 1):
        if n == page:
            parts.append(f'<span aria-current="page" class="page-numbers current"><span class="elementor-screen-only">Page</span>{n}</span>')
        else:
            parts.append(f'<a class="page-numbers" href="{href(n)}"><span class="elementor-screen-only">Page</span>{n}</a>')
    if page < pages:
        parts.append(f'<a class="page-numbers next" href="{href(page + 1)}">Next &raquo;</a>')
    else:
        parts.append('<span class="page-numbers next">Next &raquo;</span>')
    anchor = (f'<div class="e-load-more-anchor" data-page="{page}" data-max-page="{pages}" '
              f'data-next-page="{href(page + 1) if page < pages else ""}"></div>')
    return anchor + '\n\t\t\t\t<nav class="elementor-pagination" aria-label="Pagination">\n\t\t\t' + "\n".join(parts) + "\t\t</nav>"


def wpdiscuz(post_id, url):
    return f"""<div class="wpdiscuz_top_clearing"></div>
    <div id='comments' class='comments-area'><div id='respond' style='width: 0;height: 0;clear: both;margin: 0;padding: 0;'></div>    <div id="wpdcom" class="wpdiscuz_unauth wpd-default wpd-layout-1 wpd-comments-open">
                    <div class="wc_social_plugin_wrapper">
                            </div>
                <div class="wpd-form-head">
                    <div class="wpd-form-title">
                        <h3 class="wpd-comment-form-header">Add Your Insight</h3>
                        <p class="wpd-comment-form-subheader">Your perspectives are welcome. Keep it relevant and respectful.</p>
                    </div>
                                            <div class="wpd-sbs-toggle">
                            <i class="far fa-envelope"></i> <span
                                class="wpd-sbs-title">Subscribe</span>
                            <i class="fas fa-caret-down"></i>
                        </div>
                                            <div class="wpd-auth">
                                                <div class="wpd-login">
                                                    </div>
                    </div>
                </div>
                                        <div class="wpdiscuz-subscribe-bar wpdiscuz-hidden">
                                            <form action="{ORIGIN}/wp-admin/admin-ajax.php?action=wpdAddSubscription"
                              method="post" id="wpdiscuz-subscribe-form">
                            <div class="wpdiscuz-subscribe-form-intro">Notify of </div>
                            <div class="wpdiscuz-subscribe-form-option"
                                 style="width:40%;">
                                <select class="wpdiscuz_select" name="wpdiscuzSubscriptionType">
                                                                            <option value="post">new follow-up comments</option>
                                                                                                                <option value="all_comment" >new replies to my comments</option>
                                                                        </select>
                            </div>
                                                            <div class="wpdiscuz-item wpdiscuz-subscribe-form-email">
                                    <input class="email" type="email" name="wpdiscuzSubscriptionEmail"
                                           required="required" value=""
                                           placeholder="Email"/>
                                </div>
                                                        <div class="wpdiscuz-subscribe-form-button">
                                <input id="wpdiscuz_subscription_button" class="wpd-prim-button wpd_not_clicked"
                                       type="submit"
                                       value="&rsaquo;"
                                       name="wpdiscuz_subscription_button"/>
                            </div>
                            <input type="hidden" id="wpdiscuz_subscribe_form_nonce" name="wpdiscuz_subscribe_form_nonce" value="5d0c7a3e91" /><input type="hidden" name="_wp_http_referer" value="/{url.split('/', 3)[3]}" />                        </form>
                                        </div>
                <div class="wpd-form wpd-form-wrapper wpd-main-form-wrapper" id='wpd-main-form-wrapper-0_0'>
                                        <form  method="post" enctype="multipart/form-data" data-uploading="false" class="wpd_comm_form wpd_main_comm_form"                >
                                        <div class="wpd-field-comment">
                        <div class="wpdiscuz-item wc-field-textarea">
                            <div class="wpdiscuz-textarea-wrap ">
                                                                                                        <div class="wpd-avatar">
                                        <img alt='guest' src='https://secure.gravatar.com/avatar/?s=56&#038;d=mm&#038;r=g' srcset='https://secure.gravatar.com/avatar/?s=112&#038;d=mm&#038;r=g 2x' class='avatar avatar-56 photo avatar-default' height='56' width='56' decoding='async'/>                                    </div>
                                            <div id="wpd-editor-wraper-0_0" style="display: none;">
                                        <div id="wpd-editor-char-counter-0_0"
                                             class="wpd-editor-char-counter"></div>
                                        <label style="display: none;" for="wc-textarea-0_0">Label</label>
                                        <textarea id="wc-textarea-0_0" name="wc_comment"
                                                  class="wc_comment wpd-field"></textarea>
                                        <div id="wpd-editor-0_0"></div>
                                                                    </div>
                                                        </div>
                        </div>
                    </div>
                    <div class="wpd-form-foot " style='display:none;'>
                        <div class="wpdiscuz-textarea-foot">
                                                    </div>
                                <div class="wpd-form-row">
                    <div class="wpd-form-col-left">
                        <div class="wpdiscuz-item wc_name-wrapper wpd-has-icon">
                                    <div class="wpd-field-icon"><i class="fas fa-user"></i></div>
                                    <input id="wc_name-0_0" value="" required='required' aria-required='true'                       class="wc_name wpd-field" type="text"
                       name="wc_name"
                       placeholder="Name*"
                       maxlength="50" pattern='.{{3,50}}'                       title="">
                <label for="wc_name-0_0"
                       class="wpdlb">Name*</label>
                            </div>
                        <div class="wpdiscuz-item wc_email-wrapper wpd-has-icon">
                                    <div class="wpd-field-icon"><i class="fas fa-at"></i></div>
                                    <input id="wc_email-0_0" value="" required='required' aria-required='true'                       class="wc_email wpd-field" type="email"
                       name="wc_email"
                       placeholder="Email*"/>
                <label for="wc_email-0_0"
                       class="wpdlb">Email*</label>
                            </div>
                    </div>
                <div class="wpd-form-col-right">
                    <div class="wc-field-submit">
                                                <input id="wpd-field-submit-0_0"
                   class="wc_comm_submit wpd_not_clicked wpd-prim-button" type="submit"
                   name="submit" value="Post Comment"
                   aria-label="Post Comment"/>
        </div>
                </div>
                    <div class="clearfix"></div>
        </div>
                            </div>
                                        <input type="hidden" class="wpdiscuz_unique_id" value="0_0"
                           name="wpdiscuz_unique_id">
                                    </form>
                        </div>
                <div id="wpdiscuz_hidden_secondary_form" style="display: none;">
                    </div>
                <div id="wpd-threads" class="wpd-thread-wrapper">
                    <div class="wpd-thread-head">
                        <div class="wpd-thread-info "
                             data-comments-count="0">
                            <span class='wpdtc' title='0'>0</span> Comments                        </div>
                                                <div class="wpd-space"></div>
                        <div class="wpd-thread-filter">
                                                            <div class="wpd-filter wpdf-reacted wpd_not_clicked wpdiscuz-hidden"
                                     wpd-tooltip="Most reacted comment">
                                    <i class="fas fa-bolt"></i></div>
                                                                <div class="wpd-filter wpdf-hottest wpd_not_clicked wpdiscuz-hidden"
                                     wpd-tooltip="Hottest comment thread">
                                    <i class="fas fa-fire"></i></div>
                                                        </div>
                    </div>
                    <div class="wpd-comment-info-bar">
                        <div class="wpd-current-view"><i
                                class="fas fa-quote-left"></i> Inline Feedbacks                        </div>
                        <div class="wpd-filter-view-all">View all comments</div>
                        <div class="wpd-filter-view-inline wpd-hidden">
                            <i class="fas fa-quote-left"></i>
                        </div>
                    </div>
                                        <div class="wpd-thread-list">
                                                <div class="wpdiscuz-comment-pagination">
                                                    </div>
                    </div>
                </div>
            </div>
        </div>
    <div id="wpdiscuz-loading-bar"
         class="wpdiscuz-loading-bar-unauth"></div>
    <div id="wpdiscuz-comment-message"
         class="wpdiscuz-comment-message-unauth"></div>
    """


def wpdiscuz_script(post_id):
    return (f'<script id="wpdiscuz-combo-js-js-extra">\nvar wpdiscuzAjaxObj = {{"wc_hide_replies_text":"Hide Replies",'
            f'"wc_show_replies_text":"View Replies","wc_msg_required_fields":"Please fill out required fields",'
            f'"wc_invalid_field":"Some of field value is invalid","wc_error_empty_text":"please fill out this field to comment",'
            f'"wc_error_url_text":"url is invalid","wc_error_email_text":"email address is invalid",'
            f'"wc_invalid_captcha":"Invalid Captcha Code","wc_login_to_vote":"You Must Be Logged In To Vote",'
            f'"wc_deny_voting_from_same_ip":"You are not allowed to vote for this comment",'
            f'"wc_self_vote":"You cannot vote for your comment","wc_vote_only_one_time":"You&#039;ve already voted for this comment",'
            f'"wc_voting_error":"Voting Error","wc_comment_edit_not_possible":"Sorry, this comment is no longer possible to edit",'
            f'"wc_comment_not_updated":"Sorry, the comment was not updated","wc_comment_not_edited":"You&#039;ve not made any changes",'
            f'"wc_msg_input_min_length":"Input is too short","wc_msg_input_max_length":"Input is too long",'
            f'"wc_spoiler_title":"Spoiler Title","wc_cannot_rate_again":"You cannot rate again",'
            f'"wc_not_allowed_to_rate":"You&#039;re not allowed to rate here","wc_follow_user":"Follow this user",'
            f'"wc_unfollow_user":"Unfollow this user","wc_follow_success":"You started following this comment author",'
            f'"wc_follow_canceled":"You stopped following this comment author.","wc_follow_email_confirm":"Please check your email and confirm the user following request.",'
            f'"wc_follow_email_confirm_fail":"Sorry, we couldn&#039;t send confirmation email.","wc_follow_login_to_follow":"Please login to follow users.",'
            f'"wc_follow_impossible":"We are sorry, but you can&#039;t follow this user.","wc_follow_not_added":"Following failed. Please try again later.",'
            f'"is_user_logged_in":false,"commentListLoadType":"0","commentListUpdateType":"0","commentListUpdateTimer":"60",'
            f'"liveUpdateGuests":"0","wordpressThreadCommentsDepth":"5","wordpressIsPaginate":"","commentTextMaxLength":"0",'
            f'"replyTextMaxLength":"0","commentTextMinLength":1,"replyTextMinLength":1,"storeCommenterData":"100000",'
            f'"socialLoginAgreementCheckbox":"0","enableFbLogin":"0","fbUseOAuth2":"0","enableFbShare":"0",'
            f'"facebookAppID":"","facebookUseOAuth2":"0","enableGoogleLogin":"0","googleClientID":"",'
            f'"cookiehash":"8f1e4a2b7c9d0e3f5a6b7c8d9e0f1a2b","isLoadOnlyParentComments":0,"scrollToComment":"1",'
            f'"commentFormView":"collapsed","enableDropAnimation":"1","isNativeAjaxEnabled":"1","userInteractionCheck":"1",'
            f'"enableBubble":"0","bubbleLiveUpdate":"0","bubbleHintTimeout":"45","bubbleHintHideTimeout":"10",'
            f'"cookieHideBubbleHint":"wpdiscuz_hide_bubble_hint","bubbleHintShowOnce":"1","bubbleHintCookieExpires":"7",'
            f'"bubbleShowNewCommentMessage":"1","bubbleLocation":"content_left","firstLoadWithAjax":"0",'
            f'"wc_copied_to_clipboard":"Copied to clipboard!","inlineFeedbackAttractionType":"blink",'
            f'"loadRichEditor":"1","wpDiscuzReCaptchaSK":"","wpDiscuzReCaptchaTheme":"light",'
            f'"wpDiscuzReCaptchaVersion":"2.0","wc_captcha_show_for_guest":"0","wc_captcha_show_for_members":"0",'
            f'"wpDiscuzIsShowOnSubscribeForm":"0","wmuEnabled":"1","wmuInput":"wmu_files","wmuMaxFileCount":"1",'
            f'"wmuMaxFileSize":"2097152","wmuPostMaxSize":"134217728","wmuIsLightbox":"1","wmuMimeTypes":{{"jpg":"image\\/jpeg",'
            f'"jpeg":"image\\/jpeg","png":"image\\/png","gif":"image\\/gif","webp":"image\\/webp"}},'
            f'"wmuPhraseConfirmDelete":"Are you sure you want to delete this attachment?",'
            f'"wmuPhraseNotAllowedFile":"Not allowed file type","wmuPhraseMaxFileCount":"Maximum number of uploaded files is 1",'
            f'"wmuPhraseMaxFileSize":"Maximum upload file size is 2MB","wmuPhrasePostMaxSize":"Maximum post size is 128MB",'
            f'"wmuPhraseDoingUpload":"Uploading in progress! Please wait.","msgEmptyFile":"File is empty. Please upload something more substantial. This error could also be caused by uploads being disabled in your php.ini or by post_max_size being defined as smaller than upload_max_filesize in php.ini.",'
            f'"msgPostIdNotExists":"Post ID not exists","msgUploadingNotAllowed":"Sorry you can&#039;t upload any file",'
            f'"msgPermissionDenied":"You do not have sufficient permissions to perform this action",'
            f'"wmuKeyImages":"images","wmuSingleImageWidth":"auto","wmuSingleImageHeight":"200","version":"7.6.33",'
            f'"wc_post_id":{post_id},"isCookiesEnabled":true,"loadLastCommentId":"0","dataFilterCallbacks":[],'
            f'"phraseFilters":[],"scrollSize":"32","is_email_field_required":"1","url":"https:\\/\\/opsintels.com\\/wp-admin\\/admin-ajax.php",'
            f'"customAjaxUrl":"https:\\/\\/opsintels.com\\/wp-content\\/plugins\\/wpdiscuz\\/utils\\/ajax\\/wpdiscuz-ajax.php",'
            f'"bubbleUpdateUrl":"https:\\/\\/opsintels.com\\/wp-json\\/wpdiscuz\\/v1\\/update","restNonce":"2f6e1d9c4b",'
            f'"is_rate_editable":"0","menu_icon":"https:\\/\\/opsintels.com\\/wp-content\\/plugins\\/wpdiscuz\\/assets\\/img\\/plugin-icon\\/wpdiscuz-svg.svg",'
            f'"menu_icon_hover":"https:\\/\\/opsintels.com\\/wp-content\\/plugins\\/wpdiscuz\\/assets\\/img\\/plugin-icon\\/wpdiscuz-svg_hover.svg"}};\n'
            f'var wpdiscuzUCObj = {{"msgConfirmDeleteComment":"Are you sure you want to delete this comment?",'
            f'"msgConfirmCancelSubscription":"Are you sure you want to cancel this subscription?",'
            f'"msgConfirmCancelFollow":"Are you sure you want to cancel this follow?","additionalTab":"0"}};\n</script>\n'
            f'<script src="{ORIGIN}/wp-content/plugins/wpdiscuz/assets/js/wpdiscuz-combo.min.js?ver=7.6.33" id="wpdiscuz-combo-js-js"></script>\n')

//! Every piece of interface text, in one list grouped by area, each string's Chinese (the
//! interface language) beside its English. Messages made while handling a request (a
//! field's error, a refused step) carry both languages too ([`crate::domain::Words`]);
//! [`say`] picks the reader's.

use crate::domain::article::{ArticleKind, ArticleStatus};
use crate::domain::workflow::Role;
use crate::domain::{DisclosureKind, PolicyStatus, Validity};

/// Declares [`Texts`] and its two tables from one list in which each string is written
/// once, Chinese beside English: a new string is one line (or two) in one place.
macro_rules! texts {
    ($($(#[$doc:meta])* $name:ident: $zh:literal, $en:literal;)+) => {
        /// The interface text of one language.
        #[derive(Debug)]
        pub struct Texts {
            $($(#[$doc])* pub $name: &'static str,)+
        }

        pub static ZH: Texts = Texts { $($name: $zh,)+ };

        pub static EN: Texts = Texts { $($name: $en,)+ };
    };
}

texts! {
    lang: "zh-CN", "en";

    // ── 站点与导航 · Site and navigation ──
    site_name: "衡东县政策文件与解读", "Hengdong County Policies and Interpretations";
    site_owner: "衡东县人民政府办公室", "General Office of the Hengdong County People's Government";
    skip_to_content: "跳到正文", "Skip to content";
    nav_home: "首页", "Home";
    nav_policies: "政策文件", "Policies";
    nav_label: "主导航", "Main navigation";
    breadcrumb_label: "当前位置", "You are here";
    gov_name: "衡东县人民政府", "Hengdong County People's Government";
    site_section: "政策文件与解读", "Policies and Interpretations";
    footer_sponsor: "主办：衡东县人民政府办公室", "Sponsor: General Office of the Hengdong County People's Government";
    footer_operator: "承办：衡东县电子政务办公室", "Operator: Hengdong County E-Government Office";
    footer_contact: "联系电话：0734-5152716　地址：衡东县城关镇", "Telephone: 0734-5152716 · Address: Chengguan, Hengdong County";
    footer_site_code: "网站标识码：", "Site code: ";
    footer_icp: "ICP备案号：", "ICP registration: ";
    footer_psb: "公安机关备案号：", "Public security registration: ";
    footer_correction: "我要纠错", "Report an error";
    footer_track: "办理进度查询", "Track a request";

    // ── 页面说明（meta description）· Page descriptions ──
    describe_library: "衡东县人民政府及县直单位主动公开的政策文件，可按主题分类、重点领域、发布单位、年份和效力筛选。",
        "Policies published by Hengdong County and its departments, filtered by directory, key area, unit, year and validity.";
    describe_search: "检索衡东县政策文件、政策解读和公众问答。", "Search Hengdong County's policies, interpretations and Q&A.";
    describe_ask: "就政策文件向衡东县有关部门留言提问，答复后公开在政策问答栏目。",
        "Ask Hengdong County's departments about a policy; answers are published in the Q&A.";
    describe_qa: "衡东县各部门对公众政策咨询的答复。", "Hengdong County's answers to the public's questions about policies.";
    describe_track: "凭查询码查询留言和政府信息公开申请的办理进度。", "Look up where a question or disclosure application stands with its tracking code.";
    describe_apply: "在线提交政府信息公开申请，无需注册。", "Apply online for government information; no account needed.";
    describe_interpretations: "衡东县政策文件的解读：部门解读、专家解读、图解和新闻发布会。",
        "Interpretations of Hengdong County's policies: by departments and experts, graphics and press conferences.";
    describe_feeds: "订阅衡东县最新政策文件和政策解读。", "Subscribe to Hengdong County's latest policies and interpretations.";

    // ── 首页 · Home ──
    home_latest: "最新政策文件", "Latest policies";
    home_by_directory: "按公开目录浏览", "Browse by directory";
    home_intro: "本站公开衡东县人民政府及县直单位主动公开的政策文件，并同步发布政策解读。",
        "Policies published by the county government and its departments, with their interpretations.";
    more: "更多", "More";
    /// "共 {n} 件" — followed by the number, then `count_unit`.
    count_prefix: "共 ", "";
    count_unit: " 件", " documents";

    // ── 政策文件库 · Policy library ──
    library_title: "政策文件库", "Policy library";
    filters: "筛选条件", "Filters";
    filter_apply: "筛选", "Filter";
    filter_reset: "清除筛选", "Clear filters";
    all: "全部", "All";
    no_results: "没有符合条件的政策文件。", "No policy matches these filters.";
    prev_page: "上一页", "Previous";
    next_page: "下一页", "Next";
    pagination: "分页", "Pages";
    page_prefix: "第 ", "Page ";
    page_suffix: " 页", "";

    // ── 文件信息 · Policy metadata ──
    label_index_no: "索引号", "Index number";
    label_issuer: "发文机关", "Issued by";
    label_signed_on: "成文日期", "Signed on";
    label_published: "发布日期", "Published on";
    label_doc_number: "文号", "Document number";
    label_directory: "主题分类", "Directory";
    label_key_area: "重点领域", "Key area";
    label_validity: "有效性", "Validity";
    label_year: "年份", "Year";
    label_unit: "发文机关", "Issued by";
    metadata_caption: "文件信息", "Document information";

    // ── 效力、横幅与附件 · Validity, banners, attachments ──
    validity_effective: "有效", "In force";
    validity_amended: "已修订", "Amended";
    validity_repealed: "已废止", "Repealed";
    banner_repealed: "本文件已废止，仅供查阅。", "This document has been repealed and is kept for reference.";
    banner_amended: "本文件已被修订，部分内容不再适用。",
        "This document has been amended; parts of it no longer apply.";
    banner_replacement: "现行文件：", "Current document: ";
    major_policy: "重大政策", "Major policy";
    attachments: "附件", "Attachments";
    attachment_missing: "（本站未收录此附件，可依申请公开获取）", " (not on this site; ask for it through a disclosure application)";
    none: "无", "None";
    print: "打印本页", "Print";

    // ── 错误与登录 · Errors and signing in ──
    not_found_title: "页面不存在", "Page not found";
    not_found_body: "您访问的页面不存在，或该文件尚未公开。",
        "The page does not exist, or the document has not been published.";
    back_home: "返回首页", "Back to the home page";
    error_title: "无法完成请求", "The request could not be completed";
    error_invalid: "请求中的参数有误：", "A parameter of the request is invalid: ";
    error_internal: "服务器暂时无法处理您的请求，请稍后再试。",
        "The server cannot handle the request right now. Please try again later.";
    error_forbidden: "您没有权限进行此操作。", "You are not allowed to do this.";
    /// Followed by the number of minutes to wait.
    error_too_many: "尝试次数过多，请稍后再试。需等待的分钟数：", "Too many attempts. Minutes to wait: ";
    login_failed: "登录名或密码不正确。", "Wrong login name or password.";
    loading: "正在加载…", "Loading…";
    login_title: "工作人员登录", "Staff sign-in";
    login_name: "登录名", "Login name";
    password: "密码", "Password";
    sign_in: "登录", "Sign in";
    sign_out: "退出登录", "Sign out";
    /// Followed by the number of minutes to wait.
    login_wait: "尝试次数过多，账号已暂时锁定。请在以下分钟数后再试：",
        "Too many attempts; the account is locked for a while. Minutes to wait: ";

    // ── 工作台：政策文件 · Desk: policies ──
    desk_title: "工作台", "Desk";
    nav_portal: "门户网站", "Public site";
    back_desk: "返回工作台", "Back to the desk";
    paren_open: "（", " (";
    paren_close: "）", ")";
    clause_separator: "；", "; ";
    label_colon: "：", ": ";
    inbox_question: "问题", "Question";
    desk_welcome: "您好，", "Welcome, ";
    desk_drafts: "本单位草稿与退回件", "Drafts and returned items of my unit";
    desk_waiting: "待审签", "Waiting for review";
    desk_approved: "已审签待发布", "Approved, ready to publish";
    desk_returned: "退回给我的", "Returned to me";
    desk_activity: "本单位近期动态", "Recent activity of my unit";
    desk_activity_empty: "本单位近期没有新的办理记录。", "Nobody in your unit has done anything lately.";
    desk_mine: "我最近的操作", "What I did recently";
    desk_mine_empty: "您还没有办理过事项；提交、审签、发布或答复后会列在这里。",
        "Nothing yet: what you submit, sign off, publish or answer is listed here.";
    desk_waits: "待我处理", "Waiting for me";
    desk_nothing_waits: "目前没有待您处理的事项。可以在下面的政策文件中选择一件撰写解读，或登记新的政策文件。",
        "Nothing waits for you. Pick a policy below to write its interpretation, or register a new one.";
    desk_nothing_waits_expert: "目前没有邀请您撰写的政策。收到邀请链接后，打开链接即可开始。",
        "No policy is waiting for your article. Open the invitation link you receive to begin.";
    desk_unit_policies: "本单位政策文件", "My unit's policies";
    desk_all_policies: "各单位政策文件", "Every unit's policies";
    desk_see_all: "查看全部并筛选", "See all and filter";
    desk_no_policies: "还没有政策文件。点击“登记政策文件”登记第一件。",
        "No policy yet. Use “Register a policy” to add the first.";
    desk_no_match: "没有符合这些条件的政策文件，可以清除筛选后再看。",
        "No policy matches these filters; clear them to see all.";
    desk_search_words: "标题或文号", "Title or document number";
    label_status: "状态", "Status";
    label_major: "重大政策", "Major policy";
    label_plan: "解读方案", "Interpretation plan";
    label_coverage: "解读情况", "Explained";
    label_updated: "更新", "Updated";
    choice_yes: "是", "Yes";
    choice_no: "否", "No";
    plan_has: "有方案", "Has a plan";
    plan_none: "无方案", "No plan";
    coverage_none: "尚未解读", "Not explained yet";
    coverage_partial: "部分解读", "Partly explained";
    coverage_full: "议题全部解读", "Every issue explained";
    /// "议题 {answered}/{issues}"
    issues_answered: "议题", "Issues";
    published_articles: "已发布解读", "Interpretations published";
    actor_public: "公众", "A member of the public";
    actor_system: "系统", "The system";
    sync_blocked: "与政策同日发布的解读尚未审签（同步部署），暂不能发布：",
        "The items released with the policy are not signed off yet (同步部署), so it cannot be published: ";
    sync_wait_hint: "请先审签这些解读，或由县级审签人填写理由后例外发布。",
        "Sign those items off first, or a county reviewer may publish anyway with a reason.";
    sync_override_reason: "例外发布理由（必填，记入办理记录）", "Reason for publishing anyway (required; kept in the history)";
    steps_title: "办理", "Next steps";
    sync_override_submit: "填写理由后例外发布", "Publish anyway with this reason";
    review_comment: "退回意见", "Reason for returning";
    history: "办理记录", "History";
    new_policy: "登记政策文件", "Register a policy";
    edit_policy: "修改", "Edit";
    withdraw: "撤回发布", "Withdraw";
    admin_title: "系统管理", "Administration";
    admin_failed: "操作未完成，请检查输入后重试。", "That did not work; check the input and try again.";
    admin_users: "账号", "Accounts";
    admin_name: "名称", "Name";
    admin_roles: "角色", "Roles";
    admin_enable: "启用", "Enable";
    admin_disable: "停用", "Disable";
    admin_add_user: "新增账号", "Add account";
    admin_units: "单位", "Units";
    admin_unit: "所属单位", "Unit";
    admin_code: "代码", "Code";
    admin_save: "保存", "Save";
    admin_move_up: "上移", "Move up";
    admin_move_down: "下移", "Move down";
    admin_remove: "删除", "Remove";
    admin_term_hint: "输入已有代码可改名；新代码添加到末尾。仍被政策或账号使用的项不能删除。",
        "An existing code renames that entry; a new code is added at the end. Entries still used by a policy or an account cannot be removed.";
    replaced_by: "替代文件编号", "Replaced by (policy id)";
    mark: "标记", "Mark";
    form_has_errors: "表单有误，请按提示修改后再保存。", "Some fields need attention; see below.";
    field_title: "标题", "Title";
    field_body: "正文（HTML）", "Body (HTML)";
    field_attachments: "附件（每行一个：名称 | 地址，地址可省略）",
        "Attachments (one a line: name | address; the address is optional)";
    label_disclosure: "公开属性", "Disclosure";
    label_disclosure_reason: "不公开或依申请公开的理由", "Reason for not disclosing proactively";
    choose: "请选择", "Choose…";
    save_draft: "保存草稿", "Save draft";
    change_reason: "修改理由", "Reason for the change";
    change_reason_hint: "已发布的政策：修改经审签人确认后生效，在此之前公众看到的仍是现行版本；改为依申请公开或不予公开的，立即停止公开。",
        "A published policy: the change takes effect once a reviewer confirms it; until then the public sees the current version. Making it on request or withheld stops its publication at once.";
    propose_change: "提交修改，待审签", "Propose the change for review";
    change_waiting: "待审签的修改", "Change waiting for review";
    change_returned: "修改被退回", "Change returned";
    change_apply: "确认修改并生效", "Apply the change";
    change_reject: "退回修改", "Return the change";
    change_disclosure: "修改后的公开属性", "Disclosure after the change";
    disclosure_proactive: "主动公开", "Proactive";
    disclosure_on_request: "依申请公开", "On request";
    disclosure_withheld: "不予公开", "Withheld";
    history_time: "时间", "Time";
    history_actor: "办理人", "By";
    history_action: "操作", "Step";
    history_change: "状态变化", "Status";
    history_detail: "意见", "Comment";
    revisions: "历史版本", "Earlier versions";
    revisions_hint: "发布后每次修改前的正文，最新的在前。", "The published text before each edit, newest first.";
    last_comment: "审签意见：", "Reviewer's comment: ";
    nav_desk: "工作台", "Desk";
    role_admin: "管理员", "Administrator";
    role_editor: "编辑", "Editor";
    role_reviewer: "审签人", "Reviewer";
    role_expert: "专家", "Expert";
    role_supervisor: "督查", "Supervisor";
    status_draft: "草稿", "Draft";
    status_submitted: "已提交", "Submitted";
    status_returned: "已退回", "Returned";
    status_approved: "已审签", "Approved";
    status_published: "已发布", "Published";
    status_withdrawn: "已撤回", "Withdrawn";
    /// chrono format of a calendar date.
    date_format: "%Y年%m月%d日", "%Y-%m-%d";
    nav_interpretations: "政策解读", "Interpretations";

    // ── 解读（公开页面）· Interpretations (public) ──
    interpretations_title: "政策解读", "Policy interpretations";
    interpretations_none: "暂无已发布的解读。", "No published interpretations yet.";
    label_kind: "解读形式", "Kind";
    kind_department: "部门解读", "Official interpretation";
    kind_expert: "专家解读", "Expert interpretation";
    kind_graphic: "图解", "Graphic explainer";
    kind_media: "媒体解读", "Media interpretation";
    kind_press: "答记者问", "Press Q&A";
    all_kinds: "全部形式", "All kinds";
    all_units: "全部单位", "All units";
    interprets: "解读的政策文件：", "Interprets: ";
    read_policy: "阅读政策原文", "Read the policy";
    policy_interpretations: "相关解读", "Interpretations";
    label_byline: "作者", "By";
    label_summary: "摘要", "Summary";
    expert_about: "关于专家", "About the expert";
    expert_field: "研究领域", "Field";
    expert_affiliation: "工作单位", "Affiliation";
    expert_title: "职称", "Title";
    expert_bio: "简介", "Biography";
    article_status_draft: "草稿", "Draft";
    article_status_submitted: "待审签", "Submitted";
    article_status_returned: "已退回", "Returned";
    article_status_approved: "已审签", "Approved";
    article_status_scheduled: "定时发布", "Scheduled";
    article_status_published: "已发布", "Published";
    article_status_withdrawn: "已撤回", "Withdrawn";

    // ── 工作台：解读与专家 · Desk: interpretations and experts ──
    new_article: "撰写解读", "Write an interpretation";
    edit_article: "修改解读", "Edit interpretation";
    field_title_article: "标题", "Title";
    field_body_rich: "正文", "Text";
    body_hint: "可直接从 Word/WPS 粘贴；保存时会清理格式，只保留标题、列表、表格、链接和图片。",
        "Paste from Word/WPS; formatting noise is removed on save, keeping headings, lists, tables, links and images.";
    save_article: "保存", "Save";
    articles_to_review: "待审签的解读", "Interpretations waiting for review";
    my_articles: "我的解读稿", "My interpretations";
    unit_articles: "本单位待发布的解读", "Interpretations of my unit to release";
    my_assignments: "我负责解读的政策", "Policies I write for";
    submit_for_review: "提交审签", "Submit for review";
    approve: "审签通过", "Approve";
    return_with_comment: "退回修改", "Return";
    comment: "意见", "Comment";
    schedule_at: "定时发布时间", "Publish at";
    schedule: "定时发布", "Schedule";
    unschedule: "取消定时", "Unschedule";
    publish_now: "立即发布", "Publish now";
    withdraw_article: "撤回", "Withdraw";
    changes_since: "与上次提交（第 {} 稿）相比的修改", "Changes since the previous submission (revision {})";
    no_changes: "与上次提交相比没有修改。", "No changes since the previous submission.";
    revision_label: "当前稿次", "Revision";
    published_late: "迟发", "late";
    scheduled_for: "定时于", "Scheduled for";
    reviewer_comment: "审签意见", "Reviewer's comment";
    invite_expert: "邀请专家撰写解读", "Invite an expert";
    invite_name: "专家姓名", "Expert's name";
    invite_create: "生成邀请链接", "Create invitation link";
    invite_link: "邀请链接（一次有效，7 天内使用；请通过可靠渠道发给专家）：",
        "Invitation link (single use, valid 7 days; send it to the expert yourself):";
    accept_title: "接受邀请", "Accept the invitation";
    accept_intro: "您受邀为以下政策文件撰写专家解读：", "You are invited to write an expert interpretation of:";
    accept_submit: "设置密码并开始", "Set password and start";
    accept_invalid: "邀请链接无效、已使用或已过期。请联系邀请您的编辑。",
        "This invitation link is invalid, used or expired. Please contact the editor who invited you.";
    write_on_policy: "为此政策撰写解读", "Write an interpretation of this policy";
    desk_articles_of_policy: "本政策的解读稿", "Interpretations of this policy";
    upload_label: "上传图片或附件", "Upload an image or attachment";
    upload_submit: "上传", "Upload";
    upload_hint: "不超过 20 MB；上传后复制地址粘贴到正文或附件栏。",
        "Up to 20 MB; paste the address you get into the text or the attachment lines.";
    ask_about: "关于：", "About: ";
    ask_contact: "联系方式（手机、电话或电子邮箱，不公开）", "Contact (phone or e-mail, never published)";
    ask_heading: "我要提问", "Ask a question";
    ask_name: "称呼（可不填）", "Name (optional)";
    ask_privacy: "您的联系方式和原始提问只有承办单位可见，不会公开。答复后，问答可能在隐去个人信息后公开。",
        "Your contact details and your question as asked are seen only by the unit that answers; the answer may be published as Q&A with personal details removed.";
    ask_question: "您的问题", "Your question";
    ask_submit: "提交", "Send";

    // ── 公众提问 · Public questions ──
    ask_title: "咨询政策", "Ask about a policy";
    ask_wait_prefix: "提问过于频繁，请 ", "Too many questions; please try again in ";
    ask_wait_suffix: " 分钟后再试。", " minutes.";
    calendar_add: "添加", "Add";
    calendar_date: "日期", "Date";
    calendar_days: "节假日与调休", "Holidays and adjusted working days";
    calendar_holiday: "休息（节假日）", "Day off (holiday)";
    calendar_import: "添加或导入", "Add or import";
    calendar_import_hint: "每行一天：日期、“休”或“班”、名称，例如“2026-02-16 休 春节”“2026-02-14 班 春节”（调休上班）。可粘贴整个文件的内容。",
        "One day a line: date, 休 (day off) or 班 (worked weekend day), name, e.g. “2026-02-16 休 春节”. Paste a whole file if you like.";
    calendar_kind: "类型", "Kind";
    calendar_lines: "日期行", "Lines";
    calendar_routine: "常规答复期限", "Routine answer period";
    calendar_routine_days: "工作日数", "Working days";

    // ── 工作日历 · Working-day calendar ──
    calendar_title: "工作日历", "Working-day calendar";
    calendar_workday: "上班（调休）", "Worked (adjusted)";
    class_emergency: "重大突发事件", "Major emergency";
    class_opinion: "政策性舆情", "Policy public opinion";
    class_routine: "常规", "Routine";
    close_duplicate: "重复", "Duplicate";
    close_off_topic: "与政策无关", "Off topic";
    close_spam: "垃圾信息", "Spam";
    concern_accepted: "已受理", "Accepted";
    concern_answered: "已答复", "Answered";
    concern_closed: "已办结（未答复）", "Closed";
    concern_new: "待处理", "New";
    inbox_accept: "受理", "Accept";
    inbox_answer: "答复", "Answer";
    inbox_answer_rich: "答复内容", "Answer";
    inbox_assign: "转交其他单位", "Hand over to";
    inbox_class: "回应类别", "Response class";
    inbox_close: "不予答复并办结", "Close without answer";
    inbox_due: "答复期限", "Due";
    inbox_due_note: "期限计算", "How the due date was computed";
    inbox_empty: "暂无留言。", "No questions.";
    inbox_original: "原始提问（不公开）", "The question as asked (private)";
    inbox_public_question: "公开的问题（请删去个人信息）", "The question as published (remove personal details)";
    inbox_publish_hint: "原始提问不会公开；请在下面编辑要公开的问题。",
        "The question as asked stays private; edit the version to publish below.";
    inbox_publish_qa: "发布为问答", "Publish as Q&A";
    inbox_published: "已发布为问答。", "Published as Q&A.";
    inbox_save_answer: "保存答复", "Save answer";
    inbox_second_due: "新闻发布会期限", "Press conference due";

    // ── 办理箱 · Inbox ──
    inbox_title: "公众留言", "Public questions";
    inbox_triage: "受理", "Triage";
    overdue: "已逾期", "Overdue";
    qa_none: "暂无公开的问答。", "No published Q&A yet.";
    qa_title: "政策问答", "Questions and answers";
    track_answer: "答复", "Answer";
    track_closed_because: "办结原因", "Closed because";
    track_code: "查询码", "Tracking code";
    track_due: "答复期限", "Answer due";
    track_new: "已收到您的提问。请记下查询码，凭码查看办理情况和答复。",
        "Your question has arrived. Keep the tracking code to see its progress and the answer.";
    track_received: "已收到。", "Received.";
    track_received_at: "提交时间", "Received";
    track_repeat: "您已提交过相同的问题，以下是原来的查询码。",
        "You asked the same question before; here is its tracking code.";
    track_status: "办理状态", "Status";
    track_submit: "查询", "Look up";

    // ── 留言查询与问答 · Tracking a question, Q&A ──
    track_title: "办理进度查询", "Track a question or application";
    track_unit: "承办单位", "Handled by";
    track_unknown: "没有找到这个查询码，请核对后重试。", "No question has this code; please check it.";
    policy_qa: "相关问答", "Questions and answers";
    nav_qa: "政策问答", "Q&A";
    nav_ask: "我要提问", "Ask";
    desk_inbox_link: "公众留言", "Public questions";
    inbox_filter: "筛选留言", "Filter";
    inbox_open: "待办", "Open";
    inbox_all: "全部", "All";
    write_qa: "直接发布问答", "Publish a Q&A directly";
    write_qa_policy: "相关政策编号（可不填）", "Policy id (optional)";
    withdraw_at: "定时撤回时间", "Withdraw at";
    schedule_withdraw: "定时撤回", "Schedule withdrawal";
    cancel_withdraw: "取消定时撤回", "Cancel the withdrawal";
    withdraw_scheduled_for: "将于此时撤回：", "To be withdrawn at";
    plan_raised_unit: " 条", "";
    plan_invite: "邀请专家", "Invite an expert";
    plan_state_unscheduled: "待政策发布后计时", "Timed from the policy's release";
    plan_state_pending: "未到期", "Not yet due";
    plan_state_on_time: "按时发布", "Released on time";
    plan_state_late: "迟发", "Released late";
    plan_state_overdue: "已逾期", "Overdue";

    // ── 解读方案 · Interpretation plans ──
    plan_title: "解读方案", "Interpretation plan";
    plan_submit: "提交方案审签", "Submit the plan for sign-off";
    plan_approve: "审签通过方案", "Sign off the plan";
    plan_return: "退回方案", "Return the plan";
    plan_experts: "受邀专家：", "Invited experts: ";
    plan_none_yet: "尚无", "none yet";
    plan_missing: "尚未制定解读方案。", "No interpretation plan yet.";
    plan_fields: "方案内容", "The plan";
    plan_start: "制定解读方案", "Draw up the plan";
    plan_background: "出台背景", "Background";
    plan_key_points: "解读要点", "Key points";
    plan_risk: "舆情风险等级", "Public opinion risk";
    level_low: "低", "Low";
    level_medium: "中", "Medium";
    level_high: "高", "High";
    plan_risk_assessment: "风险评估", "Risk assessment";
    plan_editor: "责任编辑（登录名）", "Responsible editor (login)";
    plan_edit: "修改", "Edit";
    plan_issue: "议题", "Question";
    plan_audience: "面向", "Audience";
    plan_why: "为何需要解读", "Why it needs explaining";
    plan_priority: "优先级", "Priority";
    plan_save_issue: "保存议题", "Save the question";
    plan_issues: "议题设置", "Questions to explain";
    plan_raised: "公众提问 ", "public questions: ";
    plan_unlinked: "尚未关联议题的公众提问（可作为新议题的候选）：",
        "Public questions not yet linked to a question of the plan (candidates for new ones):";
    plan_new_issue: "新议题", "New question";
    plan_add_issue: "添加议题", "Add the question";
    plan_milestones: "发布节点", "Milestones";
    plan_form: "形式", "Form";
    plan_due: "期限", "Deadline";
    plan_due_at: "到期时间", "Due";
    plan_item: "稿件", "Item";
    plan_state: "状态", "State";
    plan_choose_item: "选择稿件", "Choose the item";
    plan_assign: "指定", "Assign";
    plan_due_kind: "期限类型", "Kind of deadline";
    plan_due_working_days: "发布后工作日（0 为同日）", "Working days after release (0: same day)";
    plan_due_hours: "发布后小时", "Hours after release";
    plan_due_fixed: "固定时间", "A fixed time";
    plan_offset: "偏移量", "Offset";
    plan_assignee: "负责人", "Responsible";
    plan_add_milestone: "添加节点", "Add the milestone";
    plan_coverage: "覆盖矩阵", "Coverage";
    plan_uncovered: "未覆盖", "not covered";
    plan_answers: "回应议题", "Answers the question";
    plan_link: "关联", "Link";
    plan_timeline: "发布时间线", "Release timeline";
    plan_timeline_pending: "政策发布后按期限计算各节点的到期时间。",
        "Due times are computed from the policy’s release.";
    plan_timeline_label: "政策发布、各节点到期与实际发布时间",
        "The policy’s release, each milestone’s due time and actual release";
    plan_policy_released: "政策发布", "Policy released";
    plan_now: "现在", "now";
    plan_legend: "○ 到期时间　■ 实际发布（红色为迟发或逾期）", "○ due  ■ released (red: late or overdue)";
    search_more: "结果很多，只比较了前 5000 条（标题匹配的都在其中并排在前面）；加上更多词语或筛选条件可以找得更准。",
        "There are many results; only the first 5,000 were compared (all title matches among them, listed first). Add words or filters to narrow them down.";
    print_source: "本页地址：", "Printed from: ";
    form_text: "文字解读", "Written explanation";
    form_graphic: "图解", "Graphic";
    form_expert: "专家解读", "Expert article";
    form_qa: "问答", "Q&A";
    form_press: "新闻发布会", "Press conference";
    form_video: "视频", "Video";
    action_submit: "提交审签", "Submit for sign-off";
    action_approve: "审签通过", "Sign off";
    action_return: "退回", "Return";
    action_publish: "发布", "Publish";
    list_separator: "、", ", ";
    signals_title: "解读方案提醒", "Interpretation plan reminders";
    signals_overdue: "已逾期的发布节点", "Overdue milestones";
    signals_due_soon: "3 个工作日内到期", "Due within 3 working days";
    signals_without_plan: "尚无已审签方案的重大政策", "Major policies without a signed-off plan";
    signals_uncovered: "有议题尚未覆盖的方案", "Plans with uncovered questions";
    qa_q: "问", "Q";
    qa_a: "答", "A";
    policy_issues: "本政策重点问题", "Key questions about this policy";
    policy_issue_pending: "（尚无解读）", "(not explained yet)";
    home_featured: "重点政策解读", "Major policies explained";
    home_featured_articles: "解读 ", "Interpretations: ";
    home_featured_issues: "重点问题 ", "Key questions: ";
    feeds_intro: "用 RSS/Atom 阅读器订阅以下地址，新发布的政策文件、政策解读和问答会自动送达。",
        "Subscribe to these addresses in a feed reader to receive new policies, interpretations and answers as they are published.";
    feeds_all: "全部", "Everything";
    feeds_by_directory: "按公开目录订阅政策文件", "Policies by directory";
    feeds_by_unit: "按单位订阅", "By unit";
    site_search_label: "站内检索", "Search this site";
    search_placeholder_short: "检索政策、解读、问答", "Search policies, interpretations, Q&A";
    display_settings: "显示设置", "Display settings";
    care_on: "关怀模式（大字号）", "Large text";
    care_off: "标准模式", "Standard text";
    feeds_title: "订阅（Atom）", "Feeds (Atom)";

    // ── 依申请公开 · Disclosure applications ──
    nav_apply: "依申请公开", "Apply for information";
    apply_title: "政府信息公开申请", "Apply for government information";
    apply_intro: "无需注册账号，也不要求说明用途。您的身份和联系方式只用于办理本申请，任何公开页面都不会显示。",
        "No account is needed and no purpose is asked. Your identity and contact are used only to handle this application and appear on no public page.";
    apply_unit: "受理机关", "Body applied to";
    apply_kind: "申请人类型", "Applicant";
    apply_org_kind: "组织类型（法人或者其他组织填写）", "Kind of organisation (organisations only)";
    apply_name: "姓名或名称", "Name";
    apply_id_kind: "证件类型", "Identity document";
    apply_id_number: "证件号码", "Document number";
    apply_phone: "联系电话", "Telephone";
    apply_email: "电子邮箱", "E-mail";
    apply_address: "通信地址", "Postal address";
    apply_description: "所需信息的名称、文号或者便于查询的其他特征描述",
        "The information sought: its title, document number or other features";
    apply_doc_number: "文号（知道的请填写）", "Document number (if known)";
    apply_form: "获取信息的载体形式", "Form wanted";
    apply_delivery: "获取信息的方式", "Delivery";
    apply_submit: "提交申请", "Send the application";
    apply_wait_prefix: "提交过于频繁，请 ", "Too many applications; please try again in ";
    apply_receipt: "申请回执", "Receipt";
    apply_receipt_note: "请记下申请编号，凭编号查询办理进度和答复书；可打印本页作为回执。",
        "Keep the application number: it shows the progress and the reply. Print this page as your receipt.";
    app_number: "申请编号", "Application number";
    app_stage: "办理阶段", "Stage";
    app_unit: "受理机关", "Handled by";
    app_received: "收到申请日期", "Received on";
    app_received_pending: "待本机关确认收到", "Waiting for the office to confirm";
    app_due: "答复期限", "Reply due";
    app_due_how: "期限如何计算", "How the due date is counted";
    app_letter: "答复书", "Reply letter";
    app_docx: "下载答复书（DOCX）", "Download the letter (DOCX)";
    desk_applications: "依申请公开", "Disclosure applications";
    app_none: "本单位暂无依申请公开申请。公众在“依申请公开”页面在线提交的申请会出现在这里。",
        "No applications for this unit yet. Applications sent through the public form appear here.";
    app_applicant: "申请人", "Applicant";
    app_id: "证件", "Identity document";
    app_contact: "联系方式", "Contact";
    app_channel: "申请渠道", "Channel";
    app_request: "申请内容", "Information sought";
    app_form_delivery: "载体形式与获取方式", "Form and delivery";
    app_steps: "办理", "Handling";
    app_note: "说明或理由", "Note or reason";
    app_date: "日期（留空为今天）", "Date (empty for today)";
    app_days: "延长的工作日数（至多 20）", "Working days of extension (at most 20)";
    app_consulted: "征求意见对象", "Consulted";
    app_consult_third: "第三方（第三十二条）", "Third party (Art. 32)";
    app_consult_body: "其他机关（第三十四条）", "Other body (Art. 34)";
    app_transfer_to: "转交的机关", "Transfer to";
    app_reply: "答复", "Reply";
    app_reply_kind: "答复类型", "Reply type";
    app_ground: "理由代码（不予公开、无法提供、不予处理时填写；部分公开可填多个，以逗号分隔）",
        "Ground code (withheld, not held, not handled; several for partly disclosed, comma-separated)";
    app_detail: "答复要点（公开位置、提供方式、不予公开的部分、负责机关等）",
        "Key facts (where published, how given, the part withheld, the body responsible…)";
    app_detail_on: "相关日期（公开日期或提供日期）", "Its date (published or given on)";
    app_paragraphs: "答复书正文（每行一段；留空则按模板生成）", "The letter's text (a paragraph a line; empty to fill it from the template)";
    app_draft: "生成并保存答复书", "Draft and save the letter";
    app_history: "办理记录", "History";
    app_due_soon: "即将到期", "Due soon";
    app_overdue: "已逾期", "Overdue";
    app_notices: "告知书与函件", "Notices and letters";
    app_attachments: "申请人提交的材料", "Files from the applicant";
    app_attach: "补充材料（可选）", "Add a file (optional)";
    app_attach_hint: "图片、PDF 或 Office 文档，每个不超过 20 MB，每件申请最多 10 个；只有受理机关的工作人员能看到。",
        "An image, PDF or Office document, up to 20 MB each and 10 per application; only the office's staff can see them.";
    app_attach_submit: "上传", "Upload";
    app_supplement_days: "补正期限（工作日，留空为 15 个；期满未补正视为放弃）", "Working days to supplement (empty for 15; none by then: abandoned)";
    app_notice_docx: "下载（DOCX）", "Download (DOCX)";
    app_party: "征求意见的第三方或机关名称", "Name of the third party or body consulted";
    app_fee_method: "计收方式", "How the fee is counted";
    app_fee_by_count: "按件计收（本申请人本自然月的申请件数）", "By count (the applicant's applications this month)";
    app_fee_by_pages: "按量计收（答复的页数）", "By pages (the reply's pages)";
    app_pages: "答复页数（按量计收时填写）", "Pages of the reply (by pages only)";
    app_fee: "信息处理费", "Processing fee";
    app_close_reason: "结束原因", "Why it ends";
    app_close_withdrawn: "申请人撤回申请", "Withdrawn by the applicant";
    app_close_abandoned: "逾期不补正，视为放弃（第三十条）", "No supplement in time: abandoned (Art. 30)";
    app_close_fee_unpaid: "逾期未缴费，视为放弃", "The fee not paid in time: abandoned";
    app_register_title: "登记申请（当面、信函、传真、口头）", "Register an application (in person, by post, fax or orally)";
    app_register_link: "登记窗口或信函收到的申请", "Register an application received at the desk or by post";
    app_channel_in_person: "当面提交", "In person";
    app_channel_registered_post: "挂号信、EMS 等需签收的邮件", "Registered post (signed for)";
    app_channel_ordinary_post: "平常信函", "Ordinary post";
    app_channel_fax: "传真", "Fax";
    app_channel_oral: "口头提出（由本机关代为填写）", "Orally (the office fills in the form)";
    app_receipt_day: "收到之日（当面或口头：提出之日；挂号信：签收之日；平信、传真：确认收到之日；留空为今天）",
        "Day received (in person or orally: that day; registered post: signed for; ordinary post or fax: confirmed; empty for today)";
    app_register_submit: "登记并生成申请编号", "Register and give a number";
    app_attention: "依申请公开：需要处理", "Disclosure applications: needing attention";
    app_extension_pending: "待批准延期", "Extension to approve";
    app_signals: "提示", "Signals";
    app_signal_proactive: "多名申请人申请同一信息，建议转为主动公开（第四十四条）", "Several applicants ask for the same information: consider publishing it (Art. 44)";
    app_signal_register_policy: "登记为政策文件", "Register it as a policy";
    app_signal_many: "申请数量明显超过合理范围的申请人（第三十五条）", "Applicants with an unreasonable number of applications (Art. 35)";
    app_signal_review: "不予公开的政策文件，应定期评估审查（第十八条）", "Withheld policies due for periodic re-assessment (Art. 18)";
    app_review_by: "评估审查日期", "Re-assess by";
    app_table: "年度报告表三：收到和处理政府信息公开申请情况", "Annual report table 3: applications received and handled";
    app_table_year: "年度", "Year";
    app_table_show: "统计", "Count";

    // ── 检索、打印与表单 · Search, print, forms ──
    search_title: "站内检索", "Search";
    search_label: "检索词", "Search terms";
    search_placeholder: "标题、文号或正文中的词语", "Words from a title, document number or text";
    search_button: "检索", "Search";
    search_kind: "类型", "Type";
    search_kind_policy: "政策文件", "Policy";
    search_kind_interpretation: "政策解读", "Interpretation";
    search_kind_qa: "问答", "Q&A";
    search_sort: "排序", "Order";
    search_sort_relevance: "按相关度", "Most relevant first";
    search_sort_newest: "按发布时间", "Newest first";
    search_empty: "请输入要检索的词语，例如政策标题、文号或关心的问题。",
        "Type what you are looking for: a policy title, a document number or a question.";
    search_titles_only: "只输入了一个字，已在标题中检索；输入两个字以上可检索全文。",
        "With one character only titles are searched; type two or more to search the full text.";
    search_truncated: "检索词过长，已按前 64 个字检索。",
        "The query was long; its first 64 characters were searched.";
    search_found_prefix: "共找到 ", "Found ";
    search_found_suffix: " 条结果", " results";
    search_exact: "文号匹配", "Document number match";
}

impl Texts {
    pub fn role(&self, role: Role) -> &'static str {
        match role {
            Role::Admin => self.role_admin,
            Role::Editor => self.role_editor,
            Role::Reviewer => self.role_reviewer,
            Role::Expert => self.role_expert,
            Role::Supervisor => self.role_supervisor,
        }
    }

    pub fn disclosure(&self, kind: DisclosureKind) -> &'static str {
        match kind {
            DisclosureKind::Proactive => self.disclosure_proactive,
            DisclosureKind::OnRequest => self.disclosure_on_request,
            DisclosureKind::Withheld => self.disclosure_withheld,
        }
    }

    pub fn status(&self, status: PolicyStatus) -> &'static str {
        match status {
            PolicyStatus::Draft => self.status_draft,
            PolicyStatus::Submitted => self.status_submitted,
            PolicyStatus::Returned => self.status_returned,
            PolicyStatus::Approved => self.status_approved,
            PolicyStatus::Published => self.status_published,
            PolicyStatus::Withdrawn => self.status_withdrawn,
        }
    }

    pub fn article_kind(&self, kind: ArticleKind) -> &'static str {
        match kind {
            ArticleKind::Department => self.kind_department,
            ArticleKind::Expert => self.kind_expert,
            ArticleKind::Graphic => self.kind_graphic,
            ArticleKind::Media => self.kind_media,
            ArticleKind::Press => self.kind_press,
        }
    }

    pub fn article_status(&self, status: ArticleStatus) -> &'static str {
        match status {
            ArticleStatus::Draft => self.article_status_draft,
            ArticleStatus::Submitted => self.article_status_submitted,
            ArticleStatus::Returned => self.article_status_returned,
            ArticleStatus::Approved => self.article_status_approved,
            ArticleStatus::Scheduled => self.article_status_scheduled,
            ArticleStatus::Published => self.article_status_published,
            ArticleStatus::Withdrawn => self.article_status_withdrawn,
        }
    }

    pub fn coverage(&self, c: crate::domain::worklist::Coverage) -> &'static str {
        use crate::domain::worklist::Coverage;
        match c {
            Coverage::None => self.coverage_none,
            Coverage::Partial => self.coverage_partial,
            Coverage::Full => self.coverage_full,
        }
    }

    /// Who acted, as a person reads it: the account's name, the public or the system,
    /// never a login name unless nothing else is known.
    pub fn actor(&self, entry: &crate::dto::HistoryEntry) -> String {
        match (&entry.actor_name, entry.actor.as_deref()) {
            (Some(name), _) => name.clone(),
            (None, Some("public")) => self.actor_public.to_owned(),
            (None, Some(a)) if a.starts_with("system:") => self.actor_system.to_owned(),
            (None, other) => other.unwrap_or_default().to_owned(),
        }
    }

    pub fn validity(&self, v: Validity) -> &'static str {
        match v {
            Validity::Effective => self.validity_effective,
            Validity::Amended => self.validity_amended,
            Validity::Repealed => self.validity_repealed,
        }
    }
}

/// The interface text for the current request, in the language the reader chose.
pub fn t() -> &'static Texts {
    texts(crate::prefs::Prefs::current().lang)
}

/// `words` in the language the reader chose (a message made where it happened, in both
/// languages, e.g. a field's error).
pub fn say(words: &crate::domain::Words) -> String {
    words
        .in_lang(crate::prefs::Prefs::current().lang.code())
        .to_owned()
}

/// The interface text of a language.
pub fn texts(lang: crate::prefs::Lang) -> &'static Texts {
    match lang {
        crate::prefs::Lang::Zh => &ZH,
        crate::prefs::Lang::En => &EN,
    }
}

/// Formats a count the way the interface writes it, e.g. "共 12 件".
pub fn count(texts: &Texts, n: u64) -> String {
    format!("{}{n}{}", texts.count_prefix, texts.count_unit)
}

/// The `lang` of stored content (policy texts, titles, names of units) when the interface
/// is in another language: such elements carry it so screen readers read them as Chinese
/// and nothing stored is mistaken for interface text. `None` in the Chinese interface.
pub fn content_lang() -> Option<&'static str> {
    (crate::prefs::Prefs::current().lang != crate::prefs::Lang::Zh).then_some("zh-CN")
}

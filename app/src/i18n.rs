//! Every piece of interface text, one table per language. Chinese is the interface
//! language; English follows the same table so a translation is a matter of filling it in.

use crate::domain::Validity;

/// The interface text of one language.
#[derive(Debug)]
pub struct Texts {
    pub lang: &'static str,
    pub site_name: &'static str,
    pub site_owner: &'static str,
    pub skip_to_content: &'static str,
    pub nav_home: &'static str,
    pub nav_policies: &'static str,
    pub nav_label: &'static str,
    pub breadcrumb_label: &'static str,
    pub footer_note: &'static str,

    pub home_latest: &'static str,
    pub home_by_directory: &'static str,
    pub home_intro: &'static str,
    pub more: &'static str,
    /// "共 {n} 件" — followed by the number, then `count_unit`.
    pub count_prefix: &'static str,
    pub count_unit: &'static str,

    pub library_title: &'static str,
    pub filters: &'static str,
    pub filter_apply: &'static str,
    pub filter_reset: &'static str,
    pub all: &'static str,
    pub no_results: &'static str,
    pub prev_page: &'static str,
    pub next_page: &'static str,
    pub pagination: &'static str,
    pub page_prefix: &'static str,
    pub page_suffix: &'static str,

    pub label_index_no: &'static str,
    pub label_issuer: &'static str,
    pub label_signed_on: &'static str,
    pub label_published: &'static str,
    pub label_doc_number: &'static str,
    pub label_directory: &'static str,
    pub label_key_area: &'static str,
    pub label_validity: &'static str,
    pub label_year: &'static str,
    pub label_unit: &'static str,
    pub metadata_caption: &'static str,

    pub validity_effective: &'static str,
    pub validity_amended: &'static str,
    pub validity_repealed: &'static str,
    pub banner_repealed: &'static str,
    pub banner_amended: &'static str,
    pub banner_replacement: &'static str,
    pub major_policy: &'static str,
    pub attachments: &'static str,
    pub attachment_missing: &'static str,
    pub none: &'static str,
    pub print: &'static str,

    pub not_found_title: &'static str,
    pub not_found_body: &'static str,
    pub back_home: &'static str,
    pub error_title: &'static str,
    pub error_invalid: &'static str,
    pub error_internal: &'static str,
    pub error_forbidden: &'static str,
    /// Followed by the number of minutes to wait.
    pub error_too_many: &'static str,
    pub login_failed: &'static str,
    pub loading: &'static str,
    /// chrono format of a calendar date.
    pub date_format: &'static str,
}

impl Texts {
    pub fn validity(&self, v: Validity) -> &'static str {
        match v {
            Validity::Effective => self.validity_effective,
            Validity::Amended => self.validity_amended,
            Validity::Repealed => self.validity_repealed,
        }
    }
}

pub static ZH: Texts = Texts {
    lang: "zh-CN",
    site_name: "衡东县政策文件与解读",
    site_owner: "衡东县人民政府办公室",
    skip_to_content: "跳到正文",
    nav_home: "首页",
    nav_policies: "政策文件",
    nav_label: "主导航",
    breadcrumb_label: "当前位置",
    footer_note: "主办：衡东县人民政府办公室　承办：县电子政务办",

    home_latest: "最新政策文件",
    home_by_directory: "按公开目录浏览",
    home_intro: "本站公开衡东县人民政府及县直单位主动公开的政策文件，并同步发布政策解读。",
    more: "更多",
    count_prefix: "共 ",
    count_unit: " 件",

    library_title: "政策文件库",
    filters: "筛选条件",
    filter_apply: "筛选",
    filter_reset: "清除筛选",
    all: "全部",
    no_results: "没有符合条件的政策文件。",
    prev_page: "上一页",
    next_page: "下一页",
    pagination: "分页",
    page_prefix: "第 ",
    page_suffix: " 页",

    label_index_no: "索引号",
    label_issuer: "发文机关",
    label_signed_on: "成文日期",
    label_published: "发布日期",
    label_doc_number: "文号",
    label_directory: "主题分类",
    label_key_area: "重点领域",
    label_validity: "有效性",
    label_year: "年份",
    label_unit: "发文机关",
    metadata_caption: "文件信息",

    validity_effective: "有效",
    validity_amended: "已修订",
    validity_repealed: "已废止",
    banner_repealed: "本文件已废止，仅供查阅。",
    banner_amended: "本文件已被修订，部分内容不再适用。",
    banner_replacement: "现行文件：",
    major_policy: "重大政策",
    attachments: "附件",
    attachment_missing: "（文件暂未上传）",
    none: "无",
    print: "打印本页",

    not_found_title: "页面不存在",
    not_found_body: "您访问的页面不存在，或该文件尚未公开。",
    back_home: "返回首页",
    error_title: "无法完成请求",
    error_invalid: "请求中的参数有误：",
    error_internal: "服务器暂时无法处理您的请求，请稍后再试。",
    error_forbidden: "您没有权限进行此操作。",
    error_too_many: "尝试次数过多，请稍后再试。需等待的分钟数：",
    login_failed: "登录名或密码不正确。",
    loading: "正在加载…",
    date_format: "%Y年%m月%d日",
};

pub static EN: Texts = Texts {
    lang: "en",
    site_name: "Hengdong County Policies and Interpretations",
    site_owner: "General Office of the Hengdong County People's Government",
    skip_to_content: "Skip to content",
    nav_home: "Home",
    nav_policies: "Policies",
    nav_label: "Main navigation",
    breadcrumb_label: "You are here",
    footer_note: "Run by the General Office of the Hengdong County People's Government",

    home_latest: "Latest policies",
    home_by_directory: "Browse by directory",
    home_intro: "Policies published by the county government and its departments, with their interpretations.",
    more: "More",
    count_prefix: "",
    count_unit: " documents",

    library_title: "Policy library",
    filters: "Filters",
    filter_apply: "Filter",
    filter_reset: "Clear filters",
    all: "All",
    no_results: "No policy matches these filters.",
    prev_page: "Previous",
    next_page: "Next",
    pagination: "Pages",
    page_prefix: "Page ",
    page_suffix: "",

    label_index_no: "Index number",
    label_issuer: "Issued by",
    label_signed_on: "Signed on",
    label_published: "Published on",
    label_doc_number: "Document number",
    label_directory: "Directory",
    label_key_area: "Key area",
    label_validity: "Validity",
    label_year: "Year",
    label_unit: "Issued by",
    metadata_caption: "Document information",

    validity_effective: "In force",
    validity_amended: "Amended",
    validity_repealed: "Repealed",
    banner_repealed: "This document has been repealed and is kept for reference.",
    banner_amended: "This document has been amended; parts of it no longer apply.",
    banner_replacement: "Current document: ",
    major_policy: "Major policy",
    attachments: "Attachments",
    attachment_missing: " (file not yet uploaded)",
    none: "None",
    print: "Print",

    not_found_title: "Page not found",
    not_found_body: "The page does not exist, or the document has not been published.",
    back_home: "Back to the home page",
    error_title: "The request could not be completed",
    error_invalid: "A parameter of the request is invalid: ",
    error_internal: "The server cannot handle the request right now. Please try again later.",
    error_forbidden: "You are not allowed to do this.",
    error_too_many: "Too many attempts. Minutes to wait: ",
    login_failed: "Wrong login name or password.",
    loading: "Loading…",
    date_format: "%Y-%m-%d",
};

/// The interface text for the current request. Chinese until language choice lands.
pub fn t() -> &'static Texts {
    &ZH
}

/// Formats a count the way the interface writes it, e.g. "共 12 件".
pub fn count(texts: &Texts, n: u64) -> String {
    format!("{}{n}{}", texts.count_prefix, texts.count_unit)
}

//! What an audit record's action means in words: the desk writes its history and activity
//! as sentences ("欧艳波 提交审签 政策文件《…》"), never as `policy.submit`.

use super::Words;

/// An audit action (`policy.submit`, `session.login`) in words: the verb, and the kind of
/// thing it was done to when there is one. An action this table does not know is shown as
/// it is stored, so a new one is never hidden.
pub fn describe(action: &str) -> (Words, Option<Words>) {
    let (table, step) = action.split_once('.').unwrap_or(("", action));
    let kind = kind(table);
    let verb = verb(table, step).unwrap_or_else(|| Words::new(action, action));
    (verb, kind)
}

fn kind(table: &str) -> Option<Words> {
    let (zh, en) = match table {
        "policy" => ("政策文件", "policy"),
        "policy_change" => ("政策文件的修改", "the change to policy"),
        "article" => ("解读", "interpretation"),
        "plan" => ("解读方案", "interpretation plan"),
        "concern" => ("公众留言", "public question"),
        "qa" => ("问答", "Q&A"),
        "application" => ("依申请公开申请", "disclosure application"),
        "user" | "expert" => ("账号", "account"),
        "term" => ("分类", "term"),
        "calendar" => ("工作日历", "working calendar"),
        "file" => ("文件", "file"),
        _ => return None,
    };
    Some(Words::new(zh, en))
}

fn verb(table: &str, step: &str) -> Option<Words> {
    let (zh, en) = match (table, step) {
        ("session", "login") => ("登录", "signed in"),
        ("session", "logout") => ("退出登录", "signed out"),
        ("session", "logout_all") => ("退出全部登录", "signed out everywhere"),
        ("concern", "ask") => ("收到", "received"),
        ("application", "apply") => ("收到", "received"),
        ("expert", "accept") => ("接受邀请，启用", "accepted the invitation with"),
        ("user", "password") => ("修改密码：", "changed the password of"),
        ("user", "enable") => ("启用", "enabled"),
        ("user", "disable") => ("停用", "disabled"),
        ("plan", "fulfil") => ("为发布节点关联解读：", "linked an item to"),
        ("plan", "issue") => ("添加议题：", "added an issue to"),
        ("plan", "issue_edit") => ("修改议题：", "edited an issue of"),
        ("plan", "issue_move") => ("调整议题顺序：", "reordered the issues of"),
        ("plan", "milestone") => ("添加发布节点：", "added a milestone to"),
        ("article", "schedule_withdraw") => ("定时撤回", "scheduled the withdrawal of"),
        ("article", "cancel_withdraw") => ("取消定时撤回", "cancelled the withdrawal of"),
        ("expert", "invite") => ("邀请专家撰写", "invited an expert to write on"),
        ("expert", "assign") => ("指派专家撰写", "assigned an expert to"),
        ("concern", "raise") => ("将留言归入议题：", "filed a question under an issue of"),
        ("application", "attach") => ("收到申请材料：", "received a file for"),
        ("policy", "amend") => ("标记已修改", "marked amended"),
        ("policy", "repeal") => ("标记已废止", "marked repealed"),
        ("plan", "address") => ("为议题关联解读：", "linked an issue of"),
        ("policy_change", "apply") => ("采纳", "applied"),
        ("policy_change", "reject") => ("退回", "sent back"),
        ("policy_change", "propose") => ("提出", "proposed"),
        ("concern", "draft") | ("application", "draft_reply") => {
            ("起草答复：", "drafted the answer to")
        }
        (_, step) => match step {
            "create" => ("新建", "created"),
            "edit" | "update" => ("修改", "edited"),
            "save" => ("保存", "saved"),
            "remove" => ("删除", "removed"),
            "move" => ("调整顺序：", "moved"),
            "upload" => ("上传", "uploaded"),
            "submit" => ("提交审签", "submitted for sign-off"),
            "return" => ("退回", "returned"),
            "approve" => ("审签通过", "signed off"),
            "publish" => ("发布", "published"),
            "withdraw" => ("撤回", "withdrew"),
            "schedule" => ("定时发布", "scheduled"),
            "unschedule" => ("取消定时发布", "unscheduled"),
            "accept" => ("受理", "accepted"),
            "close" => ("办结", "closed"),
            "assign" => ("分派", "assigned"),
            "register" => ("登记", "registered"),
            "request_supplement" => ("要求补正：", "asked for more details on"),
            "receive_supplement" => ("收到补正：", "received the details for"),
            "handle" => ("开始办理", "began handling"),
            "consult" => ("征求第三方意见：", "consulted a third party on"),
            "record_consultation" => ("记录第三方意见：", "recorded the third party's view on"),
            "request_extension" => ("申请延期答复：", "asked to extend"),
            "approve_extension" => ("批准延期：", "approved the extension of"),
            "refuse_extension" => ("不批准延期：", "refused the extension of"),
            "issue_fee_notice" => ("发出收费通知：", "sent a fee notice for"),
            "record_payment" => ("登记缴费：", "recorded the payment for"),
            "waive" => ("减免费用：", "waived the fee of"),
            "sign_reply" => ("签发答复：", "signed the reply to"),
            "return_reply" => ("退回答复：", "returned the reply to"),
            "send_reply" => ("送达答复：", "sent the reply to"),
            "archive" => ("归档", "archived"),
            "transfer" => ("转办", "transferred"),
            _ => return None,
        },
    };
    Some(Words::new(zh, en))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_read_as_words() {
        let (verb, kind) = describe("policy.submit");
        assert_eq!(verb.zh, "提交审签");
        assert_eq!(kind.map(|k| k.zh).as_deref(), Some("政策文件"));
        let (verb, kind) = describe("application.send_reply");
        assert_eq!(
            (verb.zh.as_str(), verb.en.as_str()),
            ("送达答复：", "sent the reply to")
        );
        assert_eq!(
            kind.map(|k| k.en).as_deref(),
            Some("disclosure application")
        );
        assert_eq!(describe("concern.ask").0.zh, "收到");
    }

    #[test]
    fn an_unknown_action_is_shown_as_stored() {
        // Every action the repositories write reads as words.
        for action in [
            "plan.issue",
            "plan.milestone",
            "plan.issue_move",
            "plan.issue_edit",
            "plan.save",
            "article.schedule_withdraw",
            "article.cancel_withdraw",
            "expert.invite",
            "expert.assign",
            "concern.raise",
            "application.attach",
            "policy.amend",
            "policy.repeal",
            "file.upload",
            "term.move",
            "calendar.save",
        ] {
            assert_ne!(describe(action).0.zh, action, "{action}");
        }
        let (verb, kind) = describe("ledger.balance");
        assert_eq!(verb.zh, "ledger.balance");
        assert_eq!(kind, None);
    }
}

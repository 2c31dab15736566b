//! The journal: one entry per member or file for every change the console makes — who, when, what, before →
//! after where known, and what the portal answered.

use serde_json::{json, Value};

#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// Unique per entry, so an entry written twice is kept once.
    pub id: String,
    pub at: i64,
    /// The administrator who made the change.
    pub by: String,
    /// `release`, `revoke`, `userType`, `role`, `import`, `licenseManager`, `offlinePolicy`, …
    pub action: String,
    /// The member or file it was for.
    pub subject: String,
    /// What it was about (an app, a type, a file's name).
    pub detail: String,
    pub before: String,
    pub after: String,
    /// Whether the portal answered with the operation's documented success, and its words where not.
    pub ok: bool,
    pub answer: String,
}

impl Entry {
    pub fn to_json(&self) -> Value {
        json!({"id": self.id, "at": self.at, "by": self.by, "action": self.action, "subject": self.subject,
            "detail": self.detail, "before": self.before, "after": self.after, "ok": self.ok, "answer": self.answer})
    }

    pub fn from_json(v: &Value) -> Option<Self> {
        let text = |k: &str| {
            v.get(k)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        };
        Some(Self {
            id: v.get("id")?.as_str()?.to_owned(),
            at: v.get("at")?.as_i64()?,
            by: text("by"),
            action: text("action"),
            subject: text("subject"),
            detail: text("detail"),
            before: text("before"),
            after: text("after"),
            ok: v.get("ok").and_then(Value::as_bool).unwrap_or(false),
            answer: text("answer"),
        })
    }
}

//! History's reading, started when the screen is opened: beside the fetch of the screen's code, not after it. The
//! reading is the history keeper's own (the same items, the same decoding), so it adds little to the main module.
//! Items whose answers are byte for byte those of the last reading are not decoded again (`LastRead`).

use std::rc::Rc;
use std::sync::Arc;

use futures_channel::oneshot;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::Kept;
use crate::history::{StoredDoc, KEYWORDS};
use crate::portal::{Client, ItemData, PortalError};

/// Each history item's id and its data as read.
pub type Answers = Vec<(String, ItemData<StoredDoc>)>;
type Docs = Result<Answers, PortalError>;

/// The history as last read while signed in: each item's id and answer, and what the screen made of them.
#[derive(Clone, Copy)]
pub struct LastRead(StoredValue<Option<(Read, Arc<Kept>)>, LocalStorage>);

/// Each item's id and the bytes of its answer, as read.
pub type Read = Vec<(String, Rc<[u8]>)>;

impl LastRead {
    pub fn new() -> Self {
        Self(StoredValue::new_local(None))
    }

    /// The answer last read for item `id`.
    fn answer_of(last: Option<Self>, id: &str) -> Option<Rc<[u8]>> {
        last?.0.with_value(|read| {
            let (answers, _) = read.as_ref()?;
            answers
                .iter()
                .find(|(i, _)| i == id)
                .map(|(_, a)| a.clone())
        })
    }

    /// What was made of the last reading, if `answers` are the same items with the same bytes.
    pub fn unchanged(&self, answers: &Answers) -> Option<Arc<Kept>> {
        self.0.with_value(|read| {
            let (before, kept) = read.as_ref()?;
            let same = before.len() == answers.len()
                && before
                    .iter()
                    .zip(answers)
                    .all(|((id, bytes), (now, data))| {
                        id == now && matches!(data, ItemData::Unchanged(b) if Rc::ptr_eq(b, bytes))
                    });
            same.then(|| kept.clone())
        })
    }

    /// Keeps `read` (`LastRead::of` the answers) and what was made of it, for the next reading.
    pub fn remember(&self, read: Read, kept: Arc<Kept>) {
        self.0.set_value(Some((read, kept)));
    }

    /// Each item's id and the bytes of its answer.
    pub fn of(answers: &Answers) -> Read {
        answers
            .iter()
            .map(|(id, data)| (id.clone(), data.bytes().clone()))
            .collect()
    }
}

impl Default for LastRead {
    fn default() -> Self {
        Self::new()
    }
}

/// The history items' documents being read for the screen about to be shown; it takes them once.
#[derive(Clone, Copy)]
pub struct EarlyDocs(StoredValue<Option<oneshot::Receiver<Docs>>, LocalStorage>);

impl EarlyDocs {
    /// Starts reading with `client`; the reading stops with the client.
    pub fn start(client: Client, last: Option<LastRead>) -> Self {
        let (tell, hear) = oneshot::channel();
        spawn_local(async move {
            let _ = tell.send(read_docs(&client, last).await);
        });
        Self(StoredValue::new_local(Some(hear)))
    }

    /// The reading started, the first time; a reading of its own after that (a Refresh, a write of the keeper) or
    /// where none was started.
    pub async fn take_or_read(
        early: Option<Self>,
        client: &Client,
        last: Option<LastRead>,
    ) -> Docs {
        if let Some(hear) = early.and_then(|e| e.0.try_update_value(Option::take).flatten()) {
            // Cancelled only if its task was dropped: then read here.
            if let Ok(docs) = hear.await {
                return docs;
            }
        }
        read_docs(client, last).await
    }
}

/// Every history item the administrator owns or that is shared with them, read at once.
async fn read_docs(client: &Client, last: Option<LastRead>) -> Docs {
    let items = client.items_with_keyword(KEYWORDS[1]).await?;
    let answers = futures_util::future::join_all(
        items
            .iter()
            .map(|i| client.item_data_since::<StoredDoc>(&i.id, LastRead::answer_of(last, &i.id))),
    )
    .await;
    crate::marks::mark(crate::marks::HISTORY_ANSWERS);
    items
        .into_iter()
        .zip(answers)
        .map(|(item, data)| Ok((item.id, data?)))
        .collect()
}

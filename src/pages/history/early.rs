//! History's reading, started when the screen is opened: beside the fetch of the screen's code, not after it. The
//! reading is the history keeper's own (the same items, the same decoding), so it adds little to the main module.

use futures_channel::oneshot;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::history::{HistoryDoc, StoredDoc, KEYWORDS};
use crate::portal::{Client, PortalError};

type Docs = Result<Vec<HistoryDoc>, PortalError>;

/// The history items' documents being read for the screen about to be shown; it takes them once.
#[derive(Clone, Copy)]
pub struct EarlyDocs(StoredValue<Option<oneshot::Receiver<Docs>>, LocalStorage>);

impl EarlyDocs {
    /// Starts reading with `client`; the reading stops with the client.
    pub fn start(client: Client) -> Self {
        let (tell, hear) = oneshot::channel();
        spawn_local(async move {
            let _ = tell.send(read_docs(&client).await);
        });
        Self(StoredValue::new_local(Some(hear)))
    }

    /// The reading started, the first time; a reading of its own after that (a Refresh, a write of the keeper) or
    /// where none was started.
    pub async fn take_or_read(early: Option<Self>, client: &Client) -> Docs {
        if let Some(hear) = early.and_then(|e| e.0.try_update_value(Option::take).flatten()) {
            // Cancelled only if its task was dropped: then read here.
            if let Ok(docs) = hear.await {
                return docs;
            }
        }
        read_docs(client).await
    }
}

/// Every history item the administrator owns or that is shared with them, read at once; an item that is not a
/// history (someone else's keywords) is passed over.
async fn read_docs(client: &Client) -> Docs {
    let items = client.items_with_keyword(KEYWORDS[1]).await?;
    let answers =
        futures_util::future::join_all(items.iter().map(|i| client.item_data::<StoredDoc>(&i.id)))
            .await;
    crate::marks::mark(crate::marks::HISTORY_ANSWERS);
    let mut docs = Vec::new();
    for answer in answers {
        if let Some(Ok(doc)) = answer?.map(StoredDoc::read) {
            docs.push(doc);
        }
    }
    Ok(docs)
}

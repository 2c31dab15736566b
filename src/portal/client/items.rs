//! Items in the administrator's content: the console's history is kept in them.

use std::rc::Rc;

use serde::de::DeserializeOwned;

use super::{Client, PortalError};
use crate::portal::error::classify_typed;
use crate::portal::items::{decode_added, decode_search, decode_shared, ItemRef};
use crate::portal::paging::{PAGE_SIZE, RESULT_WINDOW};
use crate::portal::request::Request;

impl<F: Clone + 'static> Client<F> {
    /// Every item the administrator may see whose type keywords include `keyword`: theirs, and those shared
    /// with them.
    pub async fn items_with_keyword(&self, keyword: &str) -> Result<Vec<ItemRef>, PortalError> {
        let portal = self.portal()?;
        let mut found = Vec::new();
        let mut start = 1;
        loop {
            let page = self
                .call_json(
                    Request::search_items(&portal, keyword, start),
                    decode_search,
                )
                .await?;
            let empty = page.items.is_empty();
            found.extend(page.items);
            start += PAGE_SIZE;
            if empty || start > page.total.min(RESULT_WINDOW) {
                return Ok(found);
            }
        }
    }

    /// An item's data as `item_data` decodes it — unless the answer is byte for byte `last`, an answer of the
    /// same item decoded before: then it is not decoded again, and the caller keeps what it made of that one.
    pub async fn item_data_since<T: DeserializeOwned>(
        &self,
        id: &str,
        last: Option<Rc<[u8]>>,
    ) -> Result<ItemData<T>, PortalError> {
        self.call(
            Request::item_data(&self.portal()?, id),
            |status, body| match &last {
                Some(last) if (200..300).contains(&status) && **last == *body => {
                    Ok(ItemData::Unchanged(last.clone()))
                }
                _ => classify_typed(status, body).map(|data| ItemData::Changed(data, body.into())),
            },
        )
        .await
    }

    /// An item's data, decoded as `T` straight from the answer; `None` when it is not a JSON object.
    pub async fn item_data<T: DeserializeOwned>(&self, id: &str) -> Result<Option<T>, PortalError> {
        // Through `item_data_since`: one copy of the decoding in the wasm, not two.
        self.item_data_since(id, None)
            .await
            .map(ItemData::into_data)
    }

    /// A new item in the signed-in administrator's content; its id.
    pub async fn add_item(
        &self,
        title: &str,
        keywords: &str,
        text: String,
    ) -> Result<String, PortalError> {
        let owner = self.username()?;
        self.call_json(
            Request::add_item(&self.portal()?, &owner, title, keywords, text),
            decode_added,
        )
        .await
    }

    /// Replaces the data of one of the administrator's items.
    pub async fn update_item(&self, id: &str, text: String) -> Result<(), PortalError> {
        let owner = self.username()?;
        self.change(Some(Request::update_item(
            &self.portal()?,
            &owner,
            id,
            text,
        )))
        .await
    }

    /// Shares one of the administrator's items with a group.
    pub async fn share_item(&self, id: &str, group: &str) -> Result<(), PortalError> {
        let owner = self.username()?;
        self.call_json(
            Request::share_item(&self.portal()?, &owner, id, group),
            decode_shared,
        )
        .await
    }
}

/// An item's data read again, with the bytes of the answer to compare the next reading with.
pub enum ItemData<T> {
    /// The same bytes as the answer given before.
    Unchanged(Rc<[u8]>),
    /// Another answer, and what it decoded to (`None` when it is not a JSON object).
    Changed(Option<T>, Rc<[u8]>),
}

impl<T> ItemData<T> {
    pub fn bytes(&self) -> &Rc<[u8]> {
        match self {
            ItemData::Unchanged(bytes) | ItemData::Changed(_, bytes) => bytes,
        }
    }
}

impl<T: DeserializeOwned> ItemData<T> {
    /// What the answer decodes to: decoded now if it is the one given before (it was a success then).
    pub fn into_data(self) -> Option<T> {
        match self {
            ItemData::Changed(data, _) => data,
            ItemData::Unchanged(bytes) => classify_typed(200, &bytes).ok().flatten(),
        }
    }
}

//! Seats per user type, read from the portal: its list of user types (paged) and its counts of members per type.

use super::{Client, PortalError};
use crate::portal::members::decode_counts;
use crate::portal::paging::{PAGE_SIZE, RESULT_WINDOW};
use crate::portal::request::Request;
use crate::portal::user_types::{decode_user_license_types, with_counts, UserTypeSeats};

impl<F: Clone + 'static> Client<F> {
    /// Every user type the organization is licensed for, with its name and seats owned (no counts).
    pub async fn user_types(&self) -> Result<Vec<UserTypeSeats>, PortalError> {
        let portal = self.portal()?;
        let first = self
            .call_json(
                Request::user_license_types(&portal, 1),
                decode_user_license_types,
            )
            .await?;
        let mut types = first.items;
        let mut start = PAGE_SIZE + 1;
        while start <= first.total.min(RESULT_WINDOW) {
            let page = self
                .call_json(
                    Request::user_license_types(&portal, start),
                    decode_user_license_types,
                )
                .await?;
            if page.items.is_empty() {
                break;
            }
            types.extend(page.items);
            start += PAGE_SIZE;
        }
        Ok(types)
    }

    /// Every user type the organization is licensed for, with seats owned and members assigned. Where the counts
    /// cannot be read, assigned is `None` (the screen says so) rather than the whole answer failing.
    pub async fn user_type_seats(&self) -> Result<Vec<UserTypeSeats>, PortalError> {
        let portal = self.portal()?;
        let counts = self.call_json(
            Request::member_counts(&portal, "userLicenseType"),
            decode_counts,
        );
        let (counts, types) = futures_util::future::join(counts, self.user_types()).await;
        let types = types?;
        Ok(match counts {
            Ok(counts) => with_counts(types, &counts),
            Err(err) if err.is_session_expired() || err == PortalError::Cancelled => {
                return Err(err)
            }
            Err(_) => types,
        })
    }
}

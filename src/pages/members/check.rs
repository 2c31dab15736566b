//! The box that selects a member in the table, as a view of its own: made once per row, then only updated.
//!
//! With components erased (the browser build), Leptos updates an element's attributes by taking every one off and
//! putting it back. For the table's checkboxes that meant, on every key typed in Find, a hundred boxes losing their
//! `type` (the browser makes each a text field and then a checkbox again), their label and their listener. This view
//! sets only what changed: the member it selects and whether it is checked. It has no listener: the table listens
//! for changes once, on its body, and reads the member from the box's value.

use leptos::tachys::html::attribute::any_attribute::AnyAttribute;
use leptos::tachys::hydration::Cursor;
use leptos::tachys::renderer::types::Element;
use leptos::tachys::view::{Mountable, Position, PositionState, Render, RenderHtml};
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;

/// The checkbox of `username`'s row.
pub struct MemberCheck {
    pub username: String,
    pub checked: bool,
}

/// The box on the page and the member it selects now.
pub struct MemberCheckState {
    input: HtmlInputElement,
    username: String,
}

fn label(username: &str) -> String {
    format!("Select {username}")
}

/// Says whose box it is: to a screen reader (its label) and to the table's listener (its value).
fn show_member(input: &HtmlInputElement, username: &str) {
    let _ = input.set_attribute("aria-label", &label(username));
    input.set_value(username);
}

impl MemberCheck {
    /// Sets what differs from the box as it is (a box the user has just clicked already shows it).
    fn apply(self, state: &mut MemberCheckState) {
        if state.username != self.username {
            show_member(&state.input, &self.username);
            state.username = self.username;
        }
        if state.input.checked() != self.checked {
            state.input.set_checked(self.checked);
        }
    }
}

impl Render for MemberCheck {
    type State = MemberCheckState;

    fn build(self) -> MemberCheckState {
        let input: HtmlInputElement = leptos::prelude::document()
            .create_element("input")
            .expect("the document makes an input")
            .unchecked_into();
        input.set_type("checkbox");
        show_member(&input, &self.username);
        input.set_checked(self.checked);
        MemberCheckState {
            input,
            username: self.username,
        }
    }

    fn rebuild(self, state: &mut MemberCheckState) {
        self.apply(state);
    }
}

impl Mountable for MemberCheckState {
    fn unmount(&mut self) {
        self.element().unmount();
    }

    fn mount(&mut self, parent: &Element, marker: Option<&web_sys::Node>) {
        self.element().mount(parent, marker);
    }

    fn insert_before_this(&self, child: &mut dyn Mountable) -> bool {
        self.element().insert_before_this(child)
    }

    fn elements(&self) -> Vec<Element> {
        vec![self.element()]
    }
}

impl MemberCheckState {
    fn element(&self) -> Element {
        self.input.clone().into()
    }
}

leptos::tachys::no_attrs!(MemberCheck);

impl RenderHtml for MemberCheck {
    type AsyncOutput = Self;
    type Owned = Self;

    const MIN_LENGTH: usize = 0;

    fn dry_resolve(&mut self) {}

    async fn resolve(self) -> Self {
        self
    }

    fn to_html_with_buf(
        self,
        buf: &mut String,
        position: &mut Position,
        _escape: bool,
        _mark_branches: bool,
        _extra_attrs: Vec<AnyAttribute>,
    ) {
        let quoted = |text: &str| text.replace('&', "&amp;").replace('"', "&quot;");
        buf.push_str("<input type=\"checkbox\" aria-label=\"");
        buf.push_str(&quoted(&label(&self.username)));
        buf.push_str("\" value=\"");
        buf.push_str(&quoted(&self.username));
        buf.push('"');
        if self.checked {
            buf.push_str(" checked");
        }
        buf.push('>');
        *position = Position::NextChild;
    }

    fn hydrate<const FROM_SERVER: bool>(
        self,
        cursor: &Cursor,
        position: &PositionState,
    ) -> MemberCheckState {
        match position.get() {
            Position::FirstChild => cursor.child(),
            Position::Current => {}
            _ => cursor.sibling(),
        }
        position.set(Position::NextChild);
        let input: HtmlInputElement = cursor.current().unchecked_into();
        let mut state = MemberCheckState {
            username: input.value(),
            input,
        };
        self.apply(&mut state);
        state
    }

    fn into_owned(self) -> Self {
        self
    }
}

//! The organization's license as tables: members, user types, apps and add-ons, server licensing, license manager.

use leptos::prelude::*;

use super::format::{format_count, format_date};
use super::usage_bar::UsageBar;
use crate::portal::{
    app_name, user_type_name, Entitlement, Expiry, LicenseManager, OrgLicense, ServerFeature,
};

#[component]
pub fn ExpiryBadge(
    expiration: Option<i64>,
    #[prop(optional)] can_expire: Option<bool>,
    now: i64,
) -> impl IntoView {
    let expiry = Expiry::of(expiration, can_expire, now);
    let date = match (expiry, expiration) {
        (Expiry::Never | Expiry::Unknown, _) | (_, None) => None,
        (_, Some(ms)) => Some(format_date(ms)),
    };
    view! {
        <span class=format!("expiry expiry-{}", expiry.level())>
            {date.map(|d| view! { <span class="expiry-date">{d}</span> })}
            <span class="expiry-label">{expiry.label()}</span>
        </span>
    }
}

#[component]
fn Section(title: &'static str, id: &'static str, children: Children) -> impl IntoView {
    view! {
        <section class="panel" aria-labelledby=id>
            <h2 id=id>{title}</h2>
            {children()}
        </section>
    }
}

fn user_type_rows(user_types: Vec<Entitlement>, now: i64) -> impl IntoView {
    user_types
        .into_iter()
        .map(|ut| {
            view! {
                <tr>
                    <th scope="row">{user_type_name(&ut.id)}<span class="code">{ut.id.clone()}</span></th>
                    <td><UsageBar used=ut.current allowed=ut.maximum/></td>
                    <td><ExpiryBadge expiration=ut.expiration now=now/></td>
                </tr>
            }
        })
        .collect_view()
}

fn entitlement_rows(kind: &'static str, items: Vec<Entitlement>, now: i64) -> impl IntoView {
    items
        .into_iter()
        .map(move |item| {
            view! {
                <tr>
                    <th scope="row">{app_name(&item.id)}<span class="code">{item.id.clone()}</span></th>
                    <td>{kind}</td>
                    <td class="num"><UsageBar used=item.current allowed=item.maximum/></td>
                    <td><ExpiryBadge expiration=item.expiration now=now/></td>
                </tr>
            }
        })
        .collect_view()
}

#[component]
pub fn ServerFeatureTable(features: Vec<ServerFeature>, now: i64) -> impl IntoView {
    let rows = features
        .into_iter()
        .map(|f| {
            let valid = match f.is_valid {
                Some(true) => view! { <span class="valid">"valid"</span> }.into_any(),
                Some(false) => view! { <span class="invalid">"not valid"</span> }.into_any(),
                None => view! { <span>"—"</span> }.into_any(),
            };
            let cores = match f.core_count {
                Some(0) | None => "—".to_owned(),
                Some(n) => format_count(n),
            };
            view! {
                <tr>
                    <th scope="row">{f.title().to_owned()}<span class="code">{f.name.clone()}</span></th>
                    <td>{f.version.clone().unwrap_or_else(|| "—".into())}</td>
                    <td class="num">{cores}</td>
                    <td>{valid}</td>
                    <td><ExpiryBadge expiration=f.expiration can_expire=f.can_expire.unwrap_or(true) now=now/></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table>
            <thead>
                <tr><th scope="col">"Feature"</th><th scope="col">"Version"</th><th scope="col">"Cores"</th><th scope="col">"Status"</th><th scope="col">"Expiration"</th></tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

fn license_manager_text(manager: Option<&LicenseManager>) -> String {
    match manager {
        Some(m) if m.is_configured() => {
            let port = m
                .port
                .filter(|p| *p > 0)
                .map(|p| format!(" (port {p})"))
                .unwrap_or_default();
            format!("{}{port}", m.hosts.join(", backup "))
        }
        _ => "none configured".into(),
    }
}

#[component]
pub fn LicenseView(license: OrgLicense, flavour: &'static str, now: i64) -> impl IntoView {
    let OrgLicense {
        version,
        current_members,
        max_members,
        user_types,
        apps,
        app_bundles,
        extensions,
        capabilities,
        license_manager,
    } = license;
    let manager = license_manager_text(license_manager.as_ref());
    let add_ons = !apps.is_empty() || !app_bundles.is_empty() || !extensions.is_empty();
    let mut server_rows = capabilities.features;
    server_rows.extend(capabilities.extensions);
    let levels: Vec<(&'static str, ServerFeature)> = [
        ("Level", capabilities.level),
        ("Edition", capabilities.edition),
        ("Data feature", capabilities.data_feature),
    ]
    .into_iter()
    .filter_map(|(label, feature)| feature.map(|f| (label, f)))
    .collect();
    view! {
        <div class="license">
            <dl class="summary">
                <div><dt>"Members"</dt><dd><UsageBar used=current_members allowed=max_members/></dd></div>
                <div><dt>"Portal version"</dt><dd>{version.unwrap_or_else(|| "unknown".into())}</dd></div>
                <div><dt>"Deployment"</dt><dd>{flavour}</dd></div>
                <div><dt>"License manager"</dt><dd>{manager}</dd></div>
            </dl>
            {(!user_types.is_empty()).then(|| view! {
                <Section title="User types" id="user-types">
                    <table>
                        <thead><tr><th scope="col">"User type"</th><th scope="col">"Members"</th><th scope="col">"Expiration"</th></tr></thead>
                        <tbody>{user_type_rows(user_types, now)}</tbody>
                    </table>
                </Section>
            })}
            {add_ons.then(|| view! {
                <Section title="Apps, app bundles and extensions" id="add-ons">
                    <table>
                        <thead><tr><th scope="col">"Name"</th><th scope="col">"Kind"</th><th scope="col">"Members"</th><th scope="col">"Expiration"</th></tr></thead>
                        <tbody>
                            {entitlement_rows("App", apps, now)}
                            {entitlement_rows("App bundle", app_bundles, now)}
                            {entitlement_rows("Extension", extensions, now)}
                        </tbody>
                    </table>
                </Section>
            })}
            {(!server_rows.is_empty()).then(|| view! {
                <Section title="Server capabilities" id="server-capabilities">
                    <ServerFeatureTable features=server_rows now=now/>
                </Section>
            })}
            {(!levels.is_empty()).then(|| view! {
                <Section title="Level, edition and data feature" id="server-level">
                    <table>
                        <thead><tr><th scope="col">"Kind"</th><th scope="col">"Name"</th><th scope="col">"Version"</th><th scope="col">"Expiration"</th></tr></thead>
                        <tbody>
                            {levels.into_iter().map(|(label, f)| view! {
                                <tr>
                                    <th scope="row">{label}</th>
                                    <td>{f.title().to_owned()}{f.ecp_code.clone().map(|code| view! { <span class="code">{code}</span> })}</td>
                                    <td>{f.version.clone().unwrap_or_else(|| "—".into())}</td>
                                    <td><ExpiryBadge expiration=f.expiration can_expire=f.can_expire.unwrap_or(true) now=now/></td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </Section>
            })}
        </div>
    }
}

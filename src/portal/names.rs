//! Friendly names for the ids the portal uses. Unknown ids are shown as they are.

const USER_TYPES: [(&str, &str); 11] = [
    ("creatorUT", "Creator"),
    ("editorUT", "Editor"),
    ("viewerUT", "Viewer"),
    ("fieldWorkerUT", "Mobile Worker"),
    ("contributorUT", "Contributor"),
    ("GISProfessionalBasicUT", "GIS Professional Basic"),
    ("GISProfessionalStdUT", "GIS Professional Standard"),
    ("GISProfessionalAdvUT", "GIS Professional Advanced"),
    ("IndoorsUserUT", "Indoors User"),
    ("insightsAnalystUT", "Insights Analyst"),
    ("storytellerUT", "Storyteller"),
];

const APPS: [(&str, &str); 11] = [
    ("esriPortalLvl1", "Level 1 members"),
    ("esriPortalLvl2", "Level 2 members"),
    ("arcgisprodesktop", "ArcGIS Pro"),
    ("drone2map", "ArcGIS Drone2Map"),
    ("arcgisallsource", "ArcGIS AllSource"),
    ("locsharing", "Location Sharing"),
    ("advediting", "Advanced Editing"),
    ("urbanSuiteAB", "ArcGIS Urban Suite"),
    ("navigator", "ArcGIS Navigator"),
    ("workforce", "ArcGIS Workforce"),
    ("insightsAnalyst", "ArcGIS Insights"),
];

fn lookup(table: &[(&str, &'static str)], id: &str) -> Option<&'static str> {
    table
        .iter()
        .find(|(known, _)| known.eq_ignore_ascii_case(id))
        .map(|(_, name)| *name)
}

pub fn user_type_name(id: &str) -> String {
    lookup(&USER_TYPES, id).map_or_else(|| id.to_owned(), str::to_owned)
}

pub fn app_name(id: &str) -> String {
    lookup(&APPS, id).map_or_else(|| id.to_owned(), str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_ids_get_names_unknown_stay_raw() {
        assert_eq!(
            user_type_name("GISProfessionalAdvUT"),
            "GIS Professional Advanced"
        );
        assert_eq!(user_type_name("newKindUT"), "newKindUT");
        assert_eq!(app_name("arcgisprodesktop"), "ArcGIS Pro");
        assert_eq!(app_name("<b>x</b>"), "<b>x</b>");
    }
}

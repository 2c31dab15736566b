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

/// Entitlements of apps licensed by user (`desktopAdvN`: ArcGIS Pro Advanced, and the extensions).
const ENTITLEMENTS: [(&str, &str); 26] = [
    ("desktopAdvN", "Pro Advanced"),
    ("desktopStdN", "Pro Standard"),
    ("desktopBasicN", "Pro Basic"),
    ("spatialAnalystN", "Spatial Analyst"),
    ("networkAnalystN", "Network Analyst"),
    ("3DAnalystN", "3D Analyst"),
    ("geostatAnalystN", "Geostatistical Analyst"),
    ("imageAnalystN", "Image Analyst"),
    ("dataReviewerN", "Data Reviewer"),
    ("dataInteropN", "Data Interoperability"),
    ("workflowMgrN", "Workflow Manager"),
    ("publisherN", "Publisher"),
    ("productionMappingN", "Production Mapping"),
    ("defenseN", "Defense Mapping"),
    ("maritimeN", "Maritime"),
    ("bathymetryN", "Bathymetry"),
    ("aviationChartingN", "Aviation Charting"),
    ("airportsN", "Aviation Airports"),
    ("locationReferencingN", "Location Referencing"),
    ("pipelineReferencingN", "Pipeline Referencing"),
    ("businessStdN", "Business Analyst Standard"),
    ("businessAdvN", "Business Analyst Advanced"),
    ("indoorsN", "Indoors"),
    ("drone2mapStdN", "Drone2Map Standard"),
    ("drone2mapAdvN", "Drone2Map Advanced"),
    ("allSourceN", "AllSource"),
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

pub fn entitlement_name(code: &str) -> String {
    lookup(&ENTITLEMENTS, code).map_or_else(|| code.to_owned(), str::to_owned)
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
        assert_eq!(entitlement_name("spatialAnalystN"), "Spatial Analyst");
        assert_eq!(entitlement_name("newThingN"), "newThingN");
    }
}

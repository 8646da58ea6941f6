//! stub
use crate::svg::LineChart;
use schakel_domain::figures::ProtectedTable;
pub struct AnnualReport {
    pub municipality: String,
    pub school_year: String,
    pub generated_on: chrono::NaiveDate,
    pub headlines: Vec<(String, String)>,
    pub tables: Vec<ProtectedTable>,
    pub effect_paragraphs: Vec<String>,
    pub trend: Option<LineChart>,
}

package factordb

// EditStoredDataQuality sets field (dqr, dqr_coverage_pct) of the data
// quality of a study's stored result to edit of it, as an engine that rated
// a supplier certificate's line whole stored it (red team 51).
func EditStoredDataQuality(db *DB, studyID, field string, edit func(float64) float64) error {
	return editStoredResult(db, studyID, func(r map[string]any) {
		dq := r["data_quality"].(map[string]any)
		v, _ := dq[field].(float64)
		dq[field] = edit(v)
	})
}

// EditStoredResult stores a study's result document as edit changes it.
func EditStoredResult(db *DB, studyID string, edit func(r map[string]any)) error {
	return editStoredResult(db, studyID, edit)
}

package api

import (
	"fmt"
	"strings"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/pact"
)

// supplierFractionWarnings are the review warnings of study st's supplier
// footprints declared per item (a piece, a 台) that the study takes fewer
// than one of per piece of its product (red team 54). A supplier's
// footprint is of its whole product, and a certificate signs no mass: a
// module maker's certificate of 150.1 kgCO2e per module taken as 0.1 piece
// per piece of product, with a mass_kg that keeps the mass balance, gave
// 15.0 kgCO2e and no warning. A warning, not a refusal, as for a required
// part counted so (red team 24): a product may share a part, and the
// certifier checks the quantity against the product. The pieces of
// product a declared unit is are read from the result's total per piece.
func supplierFractionWarnings(st *footprint.Study) []reviewWarning {
	r := st.Result
	if r == nil || !(r.KgCO2e > 0) {
		return nil
	}
	pieces := 0.0
	for _, u := range r.PerUnit {
		if u.Basis == "piece" && u.KgCO2e > 0 {
			pieces = r.KgCO2e / u.KgCO2e
		}
	}
	if !(pieces > 0) {
		return nil
	}
	var out []reviewWarning
	for _, s := range r.Suppliers {
		unit, err := footprint.ParseUnit(s.Unit)
		if err != nil || !unit.Dim.IsCount() || !(s.KgCO2e > 0) || !(s.Contribution >= 0) {
			continue
		}
		// Per piece of product, in the supplier's items; rounding of the
		// stored figures aside.
		n := s.Contribution / s.KgCO2e / pieces
		if n >= 1-1e-6 {
			continue
		}
		ref := s.ID
		for _, x := range st.SupplierIDs() {
			if strings.EqualFold(strings.TrimSpace(x), s.ID) {
				ref = x
			}
		}
		args := []any{s.ID, s.Product, footprint.FormatKgCO2e(s.KgCO2e), s.Unit, footprint.FormatKgCO2e(n * s.KgCO2e), fmt.Sprintf("%.4g", n)}
		out = append(out, reviewWarning{Path: pact.SupplierLinePath(st, ref),
			Message:   fmt.Sprintf("the study counts %[6]s of supplier footprint %[1]s (%[2]q, %[3]s kgCO2e per %[4]s) per piece of product, fewer than one: %[5]s kgCO2e of its figure a piece; a supplier's footprint is of its whole product, and a certificate signs no mass (a line's mass_kg is the study's word): check the quantity, and any sub-assembly's amount it is counted through, against the product", args...),
			MessageZH: fmt.Sprintf("研究每件产品计入供应商足迹 %[1]s(%[2]q,每 %[4]s %[3]s kgCO2e)%[6]s %[4]s,不足一件:每件产品只计其数值中的 %[5]s kgCO2e;供应商足迹是其整件产品的足迹,且证书不签署质量(行的 mass_kg 是研究自己的说法):请对照产品核实其数量,以及计入它所经的子组件的用量", args...)})
	}
	return out
}

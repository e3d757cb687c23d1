package montecarlo

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/chengdu-pcf/pcf/footprint/internal/hscode"
)

// The labels of Families and Correlate that name no HS family.
const (
	// Any labels a source of any family the sample holds: a part that
	// does not say what it is of (Correlate joins it to every family).
	Any = "*"
	// Supplier labels every supplier footprint whose codes are not known
	// alike everywhere (SupplierFamilies): the reference a study writes for
	// one (any case of a certificate's number, a PACT document's ID its
	// uploader chose) must not choose its order (red team 88).
	Supplier = "supplier"
)

// joinedChapters maps an HS chapter to the family it shares with the
// chapter it names (HS 2022): 73, articles of iron or steel, is made of
// chapter 72's iron and steel; chapters 84 (machinery, computers and their
// parts, 8471, 8473) and 85 (electrical machinery: cells 8541, circuits
// 8542, batteries 8507, power supplies 8504) are together Section XVI,
// whose Note 2 sends a part of an 84 machine to 8473 or to its own 85
// heading by how it is worded, not by what it is made of. Chapters 54 and
// 55 (man-made filaments and staple fibres: polyester yarn 5402, the set's
// MAT-PET-FIB-CN) are chapter 39's polymers spun (PET 3907, MAT-PET-DESNZ),
// and chapter 47's pulp is chapter 48's paper and board unmade (review 52:
// 20 kg of PET in halves over 3907 and 5402, of one value and uncertainty,
// narrowed the demo module's range 14 %, 70.84 to 60.81 kgCO2e).
var joinedChapters = map[string]string{
	"72": "HS:72-73", "73": "HS:72-73", "84": "HS:84-85", "85": "HS:84-85",
	"39": "HS:39,54-55", "54": "HS:39,54-55", "55": "HS:39,54-55", "47": "HS:47-48", "48": "HS:47-48",
}

// words maps a word of a factor code (between '-', '_' or '.') to the
// family of a factor with no HS code (docs/seed.md: the set's generic
// materials carry none: MAT-STEEL-AVG, MAT-STEEL-EAF, ELEC-DISP-GLASS,
// MAT-PLASTIC-AVG-DESNZ), as package credit reads them.
var words = map[string]string{
	"AL": "HS:76", "ALU": "HS:76", "ALUMINIUM": "HS:76", "ALUMINUM": "HS:76",
	"STEEL": "HS:72-73", "IRON": "HS:72-73",
	"CU": "HS:74", "COPPER": "HS:74",
	"GLASS":   "HS:70",
	"PLASTIC": "HS:39,54-55", "PLASTICS": "HS:39,54-55",
}

// Families returns the material families ("HS:70", "HS:72-73") of a factor
// of code and product codes pcs (a supplier's footprint: code "" and its
// product codes), sorted: each HS code's chapter (HS 2022 classifies the
// goods of chapters 25 to 83 by what they are made of: 70 glass, 74
// copper, 76 aluminium, 39 plastics, 48 paper; 72 with 73 and 84 with 85
// are one family each, joinedChapters); without an HS code, the families
// the words of its code name; with neither, Any. A family is one kind of
// material whose factors Correlate moves together: float glass (7005)
// beside tempered glass (7007), a steel sheet (7209) beside steel of no
// code, an extrusion (7604) beside its ingot (7601), where a heading (four
// digits) let a study split one material over two headings' factors, two
// independent sources, and narrow its range (red team 90: the demo
// module's glass in thirds over 7005 and 7007, 8 % narrower).
func Families[P fmt.Stringer](code string, pcs []P) []string {
	var out []string
	for _, ch := range hscode.Chapters(pcs) {
		f := joinedChapters[ch]
		if f == "" {
			f = "HS:" + ch
		}
		out = append(out, f)
	}
	if len(out) == 0 {
		for _, w := range hscode.Words(code) {
			if f := words[strings.ToUpper(w)]; f != "" {
				out = append(out, f)
			}
		}
	}
	if len(out) == 0 {
		return []string{Any}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// FactorFamilies returns the labels Correlate groups the source of a factor
// by, from the factor's category, electricity role, transport mode,
// end-of-life treatment, code and product codes: a material, component,
// packaging or product factor's Families (a PV module per kWp split over
// two module factors of 854143 is one part, review 52); an energy or
// end-of-life factor's kind, never its HS code (the set files grid and PV
// power alike under HS 2716): every fuel one family, every electricity
// factor of a role one ("electricity:grid-mix": one kWh of the grid
// written in halves over the 2023 and 2024 factors is one kWh), every
// transport factor of a mode one, every end-of-life factor of a treatment
// one. Moving together, they only widen a range: one leg of a trip in
// thirds over three road factors of one value narrowed the demo module's
// range 0.4 % (review 52), one kWh split would narrow a study of much
// electricity by the share of it.
func FactorFamilies[P fmt.Stringer](category, role, mode, treatment, code string, pcs []P) []string {
	switch category {
	case "material", "component", "packaging", "product":
		return Families(code, pcs)
	case "fuel":
		return []string{"fuel"}
	case "electricity":
		return []string{"electricity:" + role}
	case "transport":
		return []string{"transport:" + mode}
	case "end_of_life":
		return []string{"end_of_life:" + treatment}
	}
	return nil
}

// SupplierFamilies returns joined (the labels of the footprints a study
// names by one reference already: engine's supplier sources), sorted,
// with the labels of a supplier footprint of product codes pcs added, kg
// kgCO2e per its declared unit, where of returns the factors of the
// published set passed to the calculation that convert to that unit
// (Figure; ByUnit). It calls of only for a certificate of HS codes, the
// one footprint whose labels they choose.
//
// A supplier certificate of this service (certified) whose figure the set
// gives some product (within the 95 % range of one of of's factors,
// Figure.Holds) takes the Families of its HS codes, as a set's factor of
// them does, and those of every factor of of whose range holds its figure
// (session 54, reviewer 54): its codes are signed in the certificate and,
// from pcf-certificate/9, in the supplier list of the certificate that
// uses it, so the service and a verifier recomputing with that list read
// them alike; and its codes say what its product is, not what its figure
// is made of, so a figure the set gives aluminium profile moves with the
// study's aluminium whatever chapter its code names (a related company's
// certified "copper", HS 7403, at the profile's 9.8 kgCO2e/kg for half
// the demo module's frame, where the set's copper spans 3.86 to 8.69,
// narrowed the module's range 10.1 %, session 53), and an honest profile
// below its own code's range (5.0) moves with the factors its figure is of
// rather than with every family. Half the demo module's cells from a
// certificate of HS 854142 at the cell factor's 1.59 kgCO2e a piece moves
// with the cell factor (HS:84-85), as the cells on the factor do.
//
// A PACT footprint (not certified), a certificate of no HS code, one read
// from a supplier list written before pcf-certificate/9 (pcs nil), and one
// whose figure lies in no factor's range, or that no factor converts to
// (a certificate per piece of a product the set has per kg), take Any and
// Supplier, as every supplier footprint did (red team 90). A PACT
// document's codes are its uploader's word, verified by no one here (red
// team 20), who could name a chapter the study holds nothing of and keep
// the part apart from the set's factors of its material (half the demo
// module's frame, HS 9403: 10.2 % narrower). Supplier, so that all of them
// move together and the reference a study writes for one (any case of a
// certificate's number, a PACT document's ID its uploader chose) chooses no
// order (red team 88); Any, so that one moves with every material family
// of the study.
func SupplierFamilies[P fmt.Stringer](joined []string, certified bool, pcs []P, kg float64, of func() []Figure) []string {
	own := []string{Any, Supplier}
	if certified && len(hscode.Chapters(pcs)) > 0 {
		fams, held := Families("", pcs), false
		for _, f := range of() {
			if f.Holds(kg) {
				fams, held = append(fams, f.Families...), true
			}
		}
		if held {
			own = fams
		}
	}
	out := slices.Concat(joined, own)
	slices.Sort(out)
	return slices.Compact(out)
}

// Figure is a factor a supplier certificate's figure is compared with
// (SupplierFamilies): its value in kgCO2e per the certificate's declared
// unit, its relative 95 % half-width in percent, as Run samples it, and
// its FactorFamilies.
type Figure struct {
	Kg, Pct  float64
	Families []string
}

// ByUnit holds the figures SupplierFamilies compares a certificate with,
// by its declared unit: a calculation builds those of a unit once, not
// once a reference (a study may name hundreds).
type ByUnit[U comparable] map[U][]Figure

// Of returns the figures of unit u, built by build the first time.
func (m *ByUnit[U]) Of(u U, build func(U) []Figure) []Figure {
	fs, ok := (*m)[u]
	if !ok {
		if *m == nil {
			*m = ByUnit[U]{}
		}
		fs = build(u)
		(*m)[u] = fs
	}
	return fs
}

// Holds reports whether kg lies within f's 95 % range: its Kg ÷/× (1 +
// Pct/100), the range Run gives it, ends included to 10⁻⁹ (a figure
// restating the factor, converted to another unit of its kind, is of it).
func (f Figure) Holds(kg float64) bool {
	w := 1 + f.Pct/100
	return f.Kg > 0 && w > 0 && kg >= f.Kg/w*(1-1e-9) && kg <= f.Kg*w*(1+1e-9)
}

// Correlate sets the Group of each source of a kgCO2e from its Families
// (Families, Supplier; none = a source of its own): sources that share a
// label, directly or through another source,
// are one group, named by its least label, and a source labelled Any joins
// every group of an HS family (not an energy's kind, FactorFamilies). Joining only ever widens a range: the sources of
// a group move together, and never cancel each other's error. A group is
// set even on a source alone in it, so that a part on one factor and the
// part spread over two take the same order and give the same range. Run
// gives the sources of a group of opposite signs two orders (shuffleSeed).
func Correlate(sources []Source) {
	labels := make([][]string, len(sources))
	root := map[string]string{} // a label's parent; a group's root is its least label
	find := func(l string) string {
		for root[l] != l {
			root[l], l = root[root[l]], root[l]
		}
		return l
	}
	join := func(a, b string) {
		if a, b = find(a), find(b); a != b {
			root[max(a, b)] = min(a, b)
		}
	}
	for i, s := range sources {
		if s.Kg == 0 {
			continue
		}
		labels[i] = s.Families
		for _, l := range labels[i] {
			if _, ok := root[l]; !ok {
				root[l] = l
			}
		}
	}
	if _, ok := root[Any]; ok {
		for _, l := range slices.Collect(maps.Keys(root)) {
			if strings.HasPrefix(l, "HS:") {
				join(Any, l) // a part of unknown material is of no energy's kind (FactorFamilies)
			}
		}
	}
	for _, ls := range labels {
		for _, l := range ls {
			join(ls[0], l)
		}
	}
	for i, ls := range labels {
		if len(ls) > 0 {
			sources[i].Group = find(ls[0])
		}
	}
}

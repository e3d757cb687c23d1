// Package legs reads the masses a study's distribution legs carry
// (docs/integrity.md, red team 71) and the units its legs' distances are
// stated in (red team 87).
//
// Legs in sequence each carry the whole product; legs in parallel (routes
// to different markets) carry shares of it that add up to all of it. The
// engine refuses legs that carry less than the product in total, but it
// cannot tell a share from a leg of a sequence: an exported laptop's air
// leg of 8,000 km carrying 2 % of it and its last 100 km by truck carrying
// the other 98 % add up to the product, and the flight is then a fiftieth
// of itself. It knows no domain types: footprint feeds it the legs, and
// turns the warning it returns into a warning of the result.
package legs

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/chengdu-pcf/pcf/footprint/internal/numfmt"
)

// Leg is a transport leg of a distribution stage, per declared unit.
type Leg struct {
	Path   string  // e.g. "transport[0]"
	Kg     float64 // mass it carries
	KgCO2e float64 // its emissions
}

// Stated is a transport leg of any stage, with its distance as the study
// states it (Distance in Unit) and in kilometres (Km).
type Stated struct {
	Leg
	Dist         bool // in a distribution stage (Shares reads only these)
	Distance, Km float64
	Unit         string
}

// Distributed reports whether a leg of all is in a distribution stage.
func Distributed(all []Stated) bool {
	return slices.ContainsFunc(all, func(l Stated) bool { return l.Dist })
}

// Warning is a warning of the result: its field, in English and in Chinese.
type Warning struct{ Field, EN, ZH string }

// Shares returns the warning at "transport" when a leg carries less than
// product kg (less tolerancePct rounding): the shares then move the figure,
// and the certifier needs to see what the legs would give were they in
// sequence (each leg scaled to the whole product). It cannot tell honest
// routes in parallel from a route split, so it names every share for the
// certifier to check against the study's sales. Legs that each carry the
// product give none (Field "").
func Shares(product, tolerancePct float64, legs []Leg) Warning {
	if !(product > 0) {
		return Warning{}
	}
	var parts []Leg
	got, whole := 0.0, 0.0
	for _, l := range legs {
		got += l.KgCO2e
		if whole += l.KgCO2e; l.Kg > 0 { // scaled to the whole product (a leg of no mass, none given, stays as it is)
			whole += l.KgCO2e * (math.Max(product/l.Kg, 1) - 1)
		}
		if l.Kg < product*(1-tolerancePct/100) {
			parts = append(parts, l)
		}
	}
	if len(parts) == 0 || whole <= got*(1+tolerancePct/100) {
		return Warning{}
	}
	var list, listZH []string
	for _, l := range parts {
		list = append(list, fmt.Sprintf("%s carries %s kg (%s %%), %s kgCO2e", l.Path, num(l.Kg), num(l.Kg/product*100), num(l.KgCO2e)))
		listZH = append(listZH, fmt.Sprintf("%s 运输 %s kg(%s %%),%s kgCO2e", l.Path, num(l.Kg), num(l.Kg/product*100), num(l.KgCO2e)))
	}
	en := fmt.Sprintf("distribution legs carry shares of the product's %s kg per declared unit (%s): shares are for routes in parallel, to different users; legs of one route in sequence each carry the whole product, and counted so these legs would give %s kgCO2e instead of %s: check that each share is a route of its own that reaches its users (a long leg carrying a small share beside a short one carrying the rest counts the same trip as two)",
		num(product), strings.Join(list, "; "), num(whole), num(got))
	zh := fmt.Sprintf("分销运输段各自只运输产品每声明单位 %s kg 中的一部分(%s):按份额计只适用于通往不同用户的并行路线;同一路线上先后相接的各段都运输整个产品,如此计算这些运输段为 %s kgCO2e,而非 %s:请核实每个份额都是一条独立且通达其用户的路线(长途段只运一小部分、短途段运其余部分,是把同一趟运输算成了两趟)",
		num(product), strings.Join(listZH, ";"), num(whole), num(got))
	return Warning{"transport", en, zh}
}

// Warnings returns the warnings on a study's legs, every leg of every
// stage: a distance stated in a unit below the kilometre (Metres), then the
// shares of the distribution legs (Shares), against product kg per
// declared unit.
func Warnings(product, tolerancePct float64, all []Stated) []Warning {
	var dist []Leg
	for _, l := range all {
		if l.Dist {
			dist = append(dist, l.Leg)
		}
	}
	ws := Metres(all)
	if w := Shares(product, tolerancePct, dist); w.Field != "" {
		ws = append(ws, w)
	}
	return ws
}

// Metres returns a warning at the distance unit of each leg whose distance
// is stated in a unit smaller than the kilometre (the metre: 1,500 m is
// 1.5 km). Transport distances between sites are stated in kilometres, and
// a freight factor is per tonne-kilometre; a delivery of front glass from
// Anhui to Chengdu written as 1500 m instead of 1500 km counts a thousandth
// of its emissions (red team 87: the demo PV module 150.10 → 147.12
// kgCO2e, without a word). A warning, not a refusal: a move within a site
// is honestly stated in metres; the certifier checks the unit against the
// route. No bound is set on the distance itself: no cited figure says how
// short a delivery is.
func Metres(all []Stated) []Warning {
	var ws []Warning
	for _, l := range all {
		if !(l.Km > 0) || !(l.Distance > l.Km) {
			continue
		}
		asKm := l.KgCO2e * l.Distance / l.Km
		en := fmt.Sprintf("the leg's distance is stated in %s: %s %s is %s km, while distances between sites are stated in kilometres and a leg in %s is a move within a site; were it %s km, the leg would give %s kgCO2e instead of %s: check the unit against the leg's route",
			l.Unit, num(l.Distance), l.Unit, num(l.Km), l.Unit, num(l.Distance), num(asKm), num(l.KgCO2e))
		zh := fmt.Sprintf("该运输段的距离以 %s 计:%s %s 即 %s km,而场地之间的运输距离以千米计,以 %s 计的运输段是场地内的搬运;若为 %s km,该运输段为 %s kgCO2e,而非 %s:请对照该运输段的路线核实单位",
			l.Unit, num(l.Distance), l.Unit, num(l.Km), l.Unit, num(l.Distance), num(asKm), num(l.KgCO2e))
		ws = append(ws, Warning{l.Path + ".distance.unit", en, zh})
	}
	return ws
}

// num writes x to four significant figures, as a message prints a mass.
func num(x float64) string { return numfmt.Sig(x, 4) }

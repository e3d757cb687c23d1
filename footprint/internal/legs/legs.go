// Package legs reads the masses a study's distribution legs carry
// (docs/integrity.md, red team 71).
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
	"strconv"
	"strings"
)

// Leg is a transport leg of a distribution stage, per declared unit.
type Leg struct {
	Path   string  // e.g. "transport[0]"
	Kg     float64 // mass it carries
	KgCO2e float64 // its emissions
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

// num writes x to four significant figures, as a message prints a mass.
func num(x float64) string {
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	p := math.Pow(10, 4-math.Ceil(math.Log10(math.Abs(x))))
	return strconv.FormatFloat(math.Round(x*p)/p, 'f', -1, 64)
}

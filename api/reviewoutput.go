package api

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// claimsInstruments reports whether st claims green-power instruments.
func claimsInstruments(st *footprint.Study) bool {
	return slices.ContainsFunc(st.Electricity, func(l *footprint.ElectricityLine) bool { return l != nil && len(l.Instruments) > 0 })
}

// successorOutputWarningsOf is the review warning, at reference_output, of
// a study st that supersedes certificate rec, whose study was old (nil:
// not in this store, nothing to compare), and spreads green-power
// instruments over a smaller output a day than old stated for a period
// they share, in the same declared unit (red team 91). An instrument
// covers mwh × 1000 / reference_output kWh of each declared unit
// (docs/integrity.md §8), and a successor takes over the instruments of
// its lineage: the demo module certified with its 1,000 MWh of green
// certificates over 500,000 modules (2 kWh of its 6.483 a module) was
// superseded, for the same 2025, by the same study stating 154,250
// modules, its certificates then covering 6.48298 of its 6.483 kWh, 150.10
// → 147.89 kgCO2e (−1.5 %, under the lineage's 10 % warning) with no word.
// Both outputs are the holder's word, which no study can check (§8); that
// one contradicts the other for the same days is what the certifier is
// shown, with the kWh the instruments cover a unit in each.
//
// None when the study claims no instrument, the periods share no day, the
// declared units differ, or the smaller output cannot change the printed
// figure (the rounding of the certificate, the label and the verification
// page, FormatKgCO2e; the only figure anyone claims): the figure plus the
// most the smaller output can have taken off it (outputShiftKg) prints as
// the figure does. Any smaller output warned before: one module fewer of
// 500,000 (4 millionths of a kWh a module more covered, some 2 millionths
// of a kgCO2e) as loudly as 154,250; a recount of the same days corrects
// an output by a little, and a warning on each would teach the certifier
// to pass over the one that matters. Nor can a lineage walk its printed figure down in such steps:
// each successor prints what it would print at its predecessor's output.
//
// A declared unit of another amount of the same unit ("2 piece" after "1
// piece") is compared in the study's: the predecessor's output and
// instrument kWh are restated per the study's declared unit (an output of
// 250,000 units of 2 pieces is 500,000 of 1). Compared only when the
// declared units were the same, the demo module's successor declaring "2
// piece" at 77,125 units (154,250 modules) took the same 1.5 % off its
// figure per module with no word of its output (rv55); the review said
// only that the declared unit changed, and that the figures were compared
// in a unit both state.
//
// c is the certificate whose study old is: the one the study supersedes,
// or, earlier, one before it in its lineage (ReviewRecords.EarlierStudy),
// which the warning says.
func successorOutputWarningsOf(st *footprint.Study, c *certification.Certificate, earlier bool, old *footprint.Study) []reviewWarning {
	if st.Result == nil || old == nil || !claimsInstruments(st) {
		return nil
	}
	p, q := st.ReferencePeriod, old.ReferencePeriod
	du, odu := st.DeclaredUnit, old.DeclaredUnit
	if old.Result == nil || p.IsZero() || q.IsZero() || !p.Overlaps(q) || du.Unit != odu.Unit || !(du.Amount > 0) || !(odu.Amount > 0) || !(old.ReferenceOutput > 0) || !(st.ReferenceOutput > 0) {
		return nil
	}
	// The predecessor's output, and the kWh its instruments covered of a
	// unit, in the study's declared unit.
	scale := odu.Amount / du.Amount
	oldOutput, oldKWh := old.ReferenceOutput*scale, old.Result.Electricity.InstrumentKWh/scale
	perDay := func(output float64, p footprint.Period) float64 { return output / (p.End.Sub(p.Start).Hours()/24 + 1) }
	ratio := perDay(st.ReferenceOutput, p) / perDay(oldOutput, q)
	if ratio >= 1 {
		return nil
	}
	fig := st.Result.KgCO2e
	shift, bounded := outputShiftKg(st.Result, ratio)
	if bounded && footprint.FormatKgCO2e(fig+shift) == footprint.FormatKgCO2e(fig) {
		return nil
	}
	g := func(x float64) string { return strconv.FormatFloat(footprint.RoundSig(x, 6), 'f', -1, 64) }
	stated, statedZH := g(oldOutput), g(oldOutput)
	if scale != 1 {
		stated = fmt.Sprintf("%s units of its declared unit, %s (%s of this study's)", g(old.ReferenceOutput), odu, g(oldOutput))
		statedZH = fmt.Sprintf("%s 个其声明单位 %s（即本研究的 %s 个声明单位）", g(old.ReferenceOutput), odu, g(oldOutput))
	}
	which, whichZH := c.Number+" it supersedes", "其替代的证书 "+c.Number
	if earlier {
		which, whichZH = c.Number+", earlier in the lineage of the certificate it supersedes (whose study's period shares no day with it, or which claims no green-power instruments),", "其所替代证书的系列中较早的证书 "+c.Number+"（所替代证书的研究期间与本研究无共同日期，或未申明绿电凭证）"
	}
	args := []any{g(st.ReferenceOutput), p, which, stated, q, g(st.Result.Electricity.InstrumentKWh), g(oldKWh), du, statedZH, whichZH}
	w := reviewWarning{Path: "reference_output",
		Message: fmt.Sprintf("The study states a reference output of %[1]s declared units for %[2]s, where the study of certificate %[3]s stated %[4]s for %[5]s, a period sharing days with it, a larger output a day: "+
			"the green-power instruments are spread over the output, so a smaller one lets the same MWh cover more of each unit's electricity (here %[6]s kWh per %[8]s, where they covered %[7]s); "+
			"check the output against the production records of the period, and ask why it changed", args...),
		MessageZH: fmt.Sprintf("本研究声明 %[2]s 的产量（reference_output）为 %[1]s 个声明单位，而%[10]s的研究声明 %[5]s 为 %[9]s，两者期间有共同的日期，且后者日均产量更高："+
			"绿电凭证按产量分摊，产量越小，同样的兆瓦时覆盖每个单位的用电越多（此处每 %[8]s 覆盖 %[6]s kWh，原为 %[7]s）；"+
			"请对照该期间的生产记录核实产量，并问明其变化的原因", args...)}
	if bounded {
		args := []any{footprint.FormatKgCO2e(shift), footprint.FormatKgCO2e(fig), footprint.FormatKgCO2e(fig + shift)}
		w.Message += fmt.Sprintf(" (at the predecessor's output a day the study's figure would be up to %s kgCO2e higher, at its own grid factors: the printed %s could read up to %s)", args...)
		w.MessageZH += fmt.Sprintf("（按前一研究的日均产量，本研究的结果按其自身的电网因子至多高 %s kgCO2e：印制的 %s 可至 %s）", args...)
	}
	return []reviewWarning{w}
}

// warnSupersededStudyUnread is the code of the review warning that the
// study of the certificate an application supersedes could not be read
// (certification.ReviewRecords.SupersededStudyUnread): the comparison of
// the two outputs (successorOutputWarningsOf) was not made.
const warnSupersededStudyUnread = "superseded_study_unread"

// successorOutputWarnings are the review warnings of study st, of an
// application superseding certificate rec, drawn from the study of rec as
// the review's records r read it (r.SupersededStudy): the successor-output
// warning (successorOutputWarningsOf), against that study or, when its
// period shares no day with st's, against the nearest before it in the
// lineage that does (r.EarlierStudy), and the period going back
// (olderPeriodWarnings). When that study could not be read
// (r.SupersededStudyUnread), the review says so, and that the comparison of
// the outputs was not made: the store reading a study that fails to decode
// as no study at all let a review go on as if the certificate had none to
// compare with (rv55). A study that is not stored (a restore of another
// service's copy) is named only when st claims green-power instruments,
// the one comparison it would have served; one the store holds and cannot
// read, or holds other than the certificate signed it, is always named,
// for the service's operator to see to.
func successorOutputWarnings(st *footprint.Study, rec *certification.CertificateRecord, r *certification.ReviewRecords) []reviewWarning {
	c := rec.Certificate()
	switch r.SupersededStudyUnread {
	case "":
		out := append(successorOutputWarningsOf(st, c, false, r.SupersededStudy), olderPeriodWarnings(st, rec, r.SupersededStudy)...)
		if r.EarlierStudy != nil && r.EarlierCertificate != nil {
			out = append(out, successorOutputWarningsOf(st, r.EarlierCertificate, true, r.EarlierStudy)...)
		}
		return append(out, earlierWalkWarnings(c, r.EarlierWalk)...)
	case certification.SupersededStudyNotStored:
		if !claimsInstruments(st) {
			return nil
		}
		return supersededStudyUnread(c,
			"The study %[2]s of certificate %[1]s, which this application supersedes, is not in this service's store (its certificate came with a restore of another service's copy): "+
				"the review could not compare the reference output this study states with the one that study stated, so a smaller output spreading the same green-power instruments over fewer units is not checked here; "+
				"ask the holder for the study of %[1]s and compare the two outputs a day before deciding",
			"本申请所替代的证书 %[1]s 的研究 %[2]s 不在本服务的存储中（该证书来自对另一服务副本的恢复）："+
				"本审核无法将本研究声明的产量（reference_output）与该研究声明的产量比较，以较小产量将同样的绿电凭证分摊到更少单位的情况在此未经核查；"+
				"请向持证方索取证书 %[1]s 的研究，并在决定前比较两者的日均产量")
	case certification.SupersededStudyChanged:
		return supersededStudyUnread(c,
			"The study %[2]s of certificate %[1]s, which this application supersedes, is stored other than %[1]s signed it (its document's or its result's SHA-256 is not the digest the certificate signs): its record was edited or replaced since the issue; "+
				"the review compares nothing with it (the reference output each states, the green-power instruments spread over it), and shows no such comparison; "+
				"tell the service's operator, and compare the two studies' outputs a day from the holder's copy of the certified study (its SHA-256 is on the certificate) before deciding",
			"本申请所替代的证书 %[1]s 的研究 %[2]s 的存储内容与该证书签名时不同（其文档或结果的 SHA-256 与证书所签摘要不符）：其记录在签发后被修改或替换；"+
				"本审核不与其作任何比较（两者声明的产量及分摊其上的绿电凭证），也未显示此项比较；"+
				"请告知本服务的运营方，并在决定前依据持证方所持的已认证研究（其 SHA-256 载于证书）比较两者的日均产量")
	}
	return supersededStudyUnread(c,
		"The study %[2]s of certificate %[1]s, which this application supersedes, cannot be read from this service's store (its stored record fails to decode, or the certificate names no valid study ID): "+
			"the review could not compare this study with it (the reference output each states, the green-power instruments spread over it), and shows no such comparison; "+
			"tell the service's operator, and compare the two studies' outputs a day from the holder's copy before deciding",
		"本申请所替代的证书 %[1]s 的研究 %[2]s 无法从本服务的存储中读取（其存储记录无法解码，或证书所列研究编号无效）："+
			"本审核无法将本研究与其比较（两者声明的产量及分摊其上的绿电凭证），也未显示此项比较；"+
			"请告知本服务的运营方，并在决定前依据持证方的副本比较两者的日均产量")
}

// supersededStudyUnread is the warning, at supersedes, that the study of
// certificate c could not be compared: en and zh are its texts, with %[1]s
// the certificate's number and %[2]s its study's ID.
func supersededStudyUnread(c *certification.Certificate, en, zh string) []reviewWarning {
	return []reviewWarning{{Path: "supersedes", Code: warnSupersededStudyUnread,
		Message: fmt.Sprintf(en, c.Number, c.StudyID), MessageZH: fmt.Sprintf(zh, c.Number, c.StudyID)}}
}

// olderPeriodWarnings is the review warning, at reference_period, of a
// study st whose reference period ends before the period of old, the study
// of certificate rec it supersedes, starts: the certificate replaces newer
// data with older. The review compares a successor's output with its
// predecessor's only for days they share (successorOutputWarningsOf), so
// such a step breaks the comparison for the next: the demo module
// certified for 2025 at 500,000 modules, superseded by a study of 2024,
// and that one by 2025 restated at 154,250, was compared with 2024 alone,
// and its smaller output for the days of the first certificate went
// unnamed (rv55). None when either period is unknown.
func olderPeriodWarnings(st *footprint.Study, rec *certification.CertificateRecord, old *footprint.Study) []reviewWarning {
	if old == nil {
		return nil
	}
	p, q := st.ReferencePeriod, old.ReferencePeriod
	if p.IsZero() || q.IsZero() || !p.End.Before(q.Start) {
		return nil
	}
	args := []any{p, rec.Certificate().Number, q}
	return []reviewWarning{{Path: "reference_period",
		Message: fmt.Sprintf("The reference period %[1]s ends before the period %[3]s of the study of certificate %[2]s, which this application supersedes, begins: the certificate would replace newer data with older ones, "+
			"and the next certificate of the lineage is compared with this study's output, not with the one stated for %[3]s; ask why the older period, or for a study of a period at least as recent", args...),
		MessageZH: fmt.Sprintf("数据期间 %[1]s 在本申请所替代的证书 %[2]s 的研究期间 %[3]s 开始之前即已结束：该证书将以较旧的数据替代较新的数据，"+
			"且本系列的下一证书只与本研究的产量比较，而不再与 %[3]s 声明的产量比较；请问明为何采用较早的期间，或要求提供期间不早于前者的研究", args...)}}
}

// outputShiftKg bounds from above the kgCO2e a declared unit of result r
// owes to an output smaller than its predecessor's by ratio (its output a
// day over the predecessor's, below 1): the instruments covered
// InstrumentKWh of the unit's electricity, and at the predecessor's output
// a day at least InstrumentKWh × ratio (what they cover shrinks as the
// output grows, and no less when they covered all of it), so at most
// InstrumentKWh × (1 − ratio) kWh went from the grid to them; each bore
// at most the highest grid factor of a line the instruments cover
// (gridKgPerKWh). Not bounded (false) when no such factor is read.
func outputShiftKg(r *footprint.Result, ratio float64) (float64, bool) {
	var perKWh float64
	found := false
	var walk func([]*footprint.Contribution)
	walk = func(cs []*footprint.Contribution) {
		for _, c := range cs {
			if k, ok := gridKgPerKWh(c); ok {
				perKWh, found = max(perKWh, k), true
			}
			walk(c.Children)
		}
	}
	walk(r.Lines)
	return r.Electricity.InstrumentKWh * (1 - ratio) * perKWh, found
}

// unitKWh is the kilowatt-hour, parsed once.
var unitKWh = footprint.MustParseUnit("kWh")

// gridKgPerKWh is the kgCO2e a kWh of grid contribution c bears: its
// kgCO2e over its kWh, or, where the instruments covered the whole line and
// it charges none, its factor's value per kWh (FactorValue in FactorUnit).
// Reading only the grids that charge kWh, a line covered whole on a
// dearer grid (ELEC-CN-NAT-CF-2023, 0.6205 kgCO2e/kWh) beside one partly
// covered on ELEC-CN-NAT-CF-2024 (0.5777) was bounded at the cheaper
// grid's, under what a smaller output had taken off the figure: a
// successor printed 148 where its study at the predecessor's output printed
// 149, with no warning (reviewer 54). Not a grid contribution, or a factor
// unit that does not convert to kWh: none (false).
func gridKgPerKWh(c *footprint.Contribution) (float64, bool) {
	if c.Kind != footprint.ContribGrid {
		return 0, false
	}
	if c.Quantity > 0 {
		return c.KgCO2e / c.Quantity, true
	}
	fu, err := footprint.ParseFactorUnit(c.FactorUnit)
	if err != nil {
		return 0, false
	}
	k, err := fu.KgPer(c.FactorValue, unitKWh)
	return k, err == nil && k > 0
}

// warnEarlierStudyWalkStopped is the code of the review warning that the
// walk back over the lineage for an earlier study to compare outputs with
// (certification.ReviewRecords.EarlierWalk) stopped without one.
const warnEarlierStudyWalkStopped = "earlier_study_walk_stopped"

// earlierWalkWarnings is the review warning, at supersedes, that the walk
// back over the lineage of sup, the certificate the application
// supersedes, for an earlier study to compare the study's output with
// (ReviewRecords.EarlierStudy) stopped before it found one or reached the
// lineage's first certificate (stop, nil for none): how many certificates
// it read, where it stopped and why. It stopped without a word at
// certification.EarlierStudyWalk certificates, at a certificate of
// another store, at a cycle and at a certificate whose study it could not
// read, and the certifier, shown no comparison, read none as needed
// (rv56). The warning is in the review's digest, as every warning is: an
// issue naming a digest read before it is refused.
func earlierWalkWarnings(sup *certification.Certificate, stop *certification.EarlierWalkStop) []reviewWarning {
	if stop == nil || stop.Last == nil {
		return nil
	}
	last := stop.Last.Number
	var why, whyZH string
	switch stop.Why {
	case certification.EarlierWalkLimit:
		why = fmt.Sprintf("it reads at most %d, and certificate %s names a certificate before it (ID %s) that it did not read", certification.EarlierStudyWalk, last, stop.Next)
		whyZH = fmt.Sprintf("查找至多读取 %d 份证书，而证书 %s 之前还有其所替代的证书（ID %s），未读取", certification.EarlierStudyWalk, last, stop.Next)
	case certification.EarlierWalkNotStored:
		why = fmt.Sprintf("certificate %s supersedes a certificate (ID %s) that is not in this service's store: the lineage began at another service, or came with a restore of another service's copy", last, stop.Next)
		whyZH = fmt.Sprintf("证书 %s 所替代的证书（ID %s）不在本服务的存储中：该系列始于另一服务，或来自对另一服务副本的恢复", last, stop.Next)
	case certification.EarlierWalkCycle:
		why = fmt.Sprintf("certificate %s supersedes a certificate (ID %s) the walk had read already: the lineage leads back into itself, which no issue of this service writes (a certificate supersedes one issued before it, and signs it), so a record was edited or restored from a forged copy; tell the service's operator", last, stop.Next)
		whyZH = fmt.Sprintf("证书 %s 所替代的证书（ID %s）此前已被读取：该系列首尾相接，本服务的签发不会产生这样的系列（证书只能替代在其之前签发的证书，并对此签名），说明有记录被修改，或从伪造的副本恢复；请告知本服务的运营方", last, stop.Next)
	case certification.EarlierWalkForeign:
		why = fmt.Sprintf("certificate %s supersedes a certificate (ID %s) whose record fails the service's check: it holds another certificate's signed content, so a record was edited or restored from a forged copy; do not rely on it, and tell the service's operator", last, stop.Next)
		whyZH = fmt.Sprintf("证书 %s 所替代的证书（ID %s）的记录未通过服务的核验：其中的签名内容属于另一份证书，说明有记录被修改，或从伪造的副本恢复；请勿依赖该记录，并告知本服务的运营方", last, stop.Next)
	case certification.EarlierWalkStudyUnread:
		what, whatZH := "is not in this service's store", "不在本服务的存储中"
		switch stop.StudyUnread {
		case certification.SupersededStudyUnreadable:
			what, whatZH = "cannot be read from this service's store", "无法从本服务的存储中读取"
		case certification.SupersededStudyChanged:
			what, whatZH = "is stored other than the certificate signed it (its document's or its result's SHA-256 is not the digest the certificate signs)", "的存储内容与该证书签名时不同（其文档或结果的 SHA-256 与证书所签摘要不符）"
		}
		why = fmt.Sprintf("certificate %s is the one to compare with (its period shares days with this study's, and it lists green-power instruments), but its study %s %s", last, stop.Last.StudyID, what)
		whyZH = fmt.Sprintf("应与之比较的是证书 %s（其期间与本研究有共同日期，且列有绿电凭证），但其研究 %s %s", last, stop.Last.StudyID, whatZH)
	default:
		return nil
	}
	read := fmt.Sprintf("%d certificates", stop.Read)
	if stop.Read == 1 {
		read = "1 certificate"
	}
	args := []any{sup.Number, stop.Read, why, whyZH, read}
	return []reviewWarning{{Path: "supersedes", Code: warnEarlierStudyWalkStopped,
		Message: fmt.Sprintf("The study of certificate %[1]s, which this application supersedes, shares no day with this study's period or claims no green-power instruments, so the review looked back through the lineage of %[1]s for an earlier certificate whose study does, to compare the reference output each states (the instruments are spread over it); "+
			"it read %[5]s before %[1]s and stopped without one: %[3]s. "+
			"No earlier study's output is compared with this one's, and the review shows no such comparison; compare this study's output a day with those of the lineage's earlier studies that claimed instruments for days it shares (from the holder's copies of them) before deciding", args...),
		MessageZH: fmt.Sprintf("本申请所替代的证书 %[1]s 的研究与本研究期间无共同日期，或未申明绿电凭证，故本审核沿 %[1]s 的证书系列向前查找其研究满足上述条件的较早证书，以比较两者声明的产量（绿电凭证按产量分摊）；"+
			"在 %[1]s 之前读取了 %[2]d 份证书后停止，未找到：%[4]s。"+
			"本审核未将任何较早研究的产量与本研究比较，也未显示此项比较；请在决定前，依据持证方所持的副本，将本研究的日均产量与系列中在共同日期申明了绿电凭证的较早研究的产量比较", args...)}}
}

package api

import (
	"strings"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// Restorer says when the histories of the copies a service's records were
// restored from end (factordb.DB.RestoredCopies).
type Restorer interface {
	// RestoredCopies returns every restore of the records, oldest first:
	// the time the history of its copy ends and the time it was first
	// started; none if they were never restored.
	RestoredCopies() ([]certification.RestoredCopy, error)
}

// RestoredCopyJSON is one restore of the service's records as the API
// answers it, whole seconds in UTC: on a not_found of the public
// verification, every restore (errorBody.RestoredCopies; pcf verify reads
// it), and beside a certificate whose number was given out after a
// restore (verifyJSON.NumberGivenAgain).
type RestoredCopyJSON struct {
	CopyEnd    time.Time `json:"copy_end" doc:"When the history of the copy the records were restored from ends: nothing the service recorded after it is in them"`
	RestoredAt time.Time `json:"restored_at" doc:"When the service was first started on the restored records"`
}

// NewRestoredCopyJSON returns p as the API answers it: its times in UTC,
// to the second, as issue times are (a certificate issued after CopyEnd is
// one issued after its second).
func NewRestoredCopyJSON(p certification.RestoredCopy) RestoredCopyJSON {
	return RestoredCopyJSON{CopyEnd: p.CopyEnd.UTC().Truncate(time.Second), RestoredAt: p.At.UTC().Truncate(time.Second)}
}

// RestoredCopy returns r as the domain's restore.
func (r RestoredCopyJSON) RestoredCopy() certification.RestoredCopy {
	return certification.RestoredCopy{CopyEnd: r.CopyEnd, At: r.RestoredAt}
}

// restoredNotFound is the not_found of the public verification of a
// service whose records were restored from a copy whose history ends at
// end: a certificate issued after end may be one the restore lost, whose
// genuine label then read as forged (red team 52). The answer says so, with
// end (errorBody.RestoredCopyEnd, the verification page); pcf verify
// --server judges a file by it.
type restoredNotFound struct {
	err error // the lookup's not_found
	end time.Time
	at  time.Time // when the last restore was first started
	// earlier are the restores before the last, oldest first: a
	// certificate one of them lost was issued before end (red team 52:
	// the answer named the last alone, and the page called it possibly
	// forged).
	earlier []certification.RestoredCopy
}

func (e *restoredNotFound) Error() string { return e.err.Error() }
func (e *restoredNotFound) Unwrap() error { return e.err }

// endText is end as the answer gives it: RFC 3339 to the second, which
// is exact for the test it serves, since issue times are whole seconds
// (a certificate issued after end is one issued after its second).
func (e *restoredNotFound) endText() string { return e.end.UTC().Format(time.RFC3339) }

// copiesJSON is every restore, oldest first, as the answer gives it
// (errorBody.RestoredCopies), its times as endText gives the last end.
func (e *restoredNotFound) copiesJSON() []RestoredCopyJSON {
	out := make([]RestoredCopyJSON, 0, len(e.earlier)+1)
	for _, p := range e.earlier {
		out = append(out, NewRestoredCopyJSON(p))
	}
	return append(out, NewRestoredCopyJSON(certification.RestoredCopy{CopyEnd: e.end, At: e.at}))
}

// message is the lookup's message msg ("中文。English") with the restore
// said after each half.
func (e *restoredNotFound) message(msg string) string {
	zh, en, ok := splitBilingual(msg)
	if !ok {
		zh, en = "未找到", msg
	}
	zh = strings.TrimSuffix(zh, "。") + "；本服务的记录已从截至 " + e.endText() + " 的备份副本恢复，此后签发的证书可能不在记录中。"
	en += "; the service's records were restored from a copy ending at " + e.endText() + ", and a certificate issued after that time may be missing from them"
	for _, p := range e.earlier {
		end, at := p.CopyEnd.UTC().Format(time.RFC3339), p.At.UTC().Format(time.RFC3339)
		zh += "此前它们还曾于 " + at + " 从截至 " + end + " 的副本恢复，其间签发的证书也可能不在记录中。"
		en += "; earlier, at " + at + ", they were restored from a copy ending at " + end + ", and a certificate issued between the two may be missing too"
	}
	return zh + en
}

// restoredLookup returns err, the error of a public lookup, as a
// restoredNotFound when it is a not_found and the service's records were
// restored from a copy; err itself otherwise, so that the answers of a
// service never restored are what they were.
func (s *Server) restoredLookup(err error) error {
	if err == nil || s.Restore == nil || footprint.ErrorCode(err) != footprint.ENOTFOUND {
		return err
	}
	copies, rerr := s.Restore.RestoredCopies()
	if rerr != nil {
		// The restore's record does not read: internal, not "never
		// issued". pcf serve does not start on such a record
		// (restoreRecordError), and a running service's record is read
		// once, at its start.
		return rerr
	}
	if len(copies) == 0 {
		return err
	}
	last := copies[len(copies)-1]
	return &restoredNotFound{err: err, end: last.CopyEnd, at: last.At, earlier: copies[:len(copies)-1]}
}

// restoredPageText is the verification page's wording of a lookup that
// found nothing on a service restored from a copy ending at end, for an ID
// or for a number (byNumber), after the restores earlier (restoredNotFound:
// a label issued between an earlier copy's end and its restore is not
// called possibly forged either).
func restoredPageText(end time.Time, byNumber bool, earlier ...certification.RestoredCopy) (zh, en string) {
	at := end.UTC().Format(time.RFC3339)
	what, whatEN := "未找到该证书", "No certificate has this ID in the service's records"
	if byNumber {
		what, whatEN = "未找到该编号的证书", "No certificate has this number in the service's records"
	}
	if len(earlier) == 0 {
		zh = what + "。本服务的记录已从截至 " + at + "(UTC)的备份副本恢复:此后签发的证书可能不在记录中。若标识上的签发时间晚于此时,它未必是伪造的,请向认证机构核实;若早于此时,此标识可能是伪造的。"
		en = whatEN + ". They were restored from a copy ending at " + at + " (UTC): a certificate issued after that time may be missing from them. If the label's issue date is later, it is not necessarily forged: ask the certification body; if it is earlier, the label may not be genuine."
		return zh, en
	}
	var spansZH, spansEN []string
	for _, p := range earlier {
		from, to := p.CopyEnd.UTC().Format(time.RFC3339), p.At.UTC().Format(time.RFC3339)
		spansZH = append(spansZH, from+" 至 "+to)
		spansEN = append(spansEN, "between "+from+" and "+to)
	}
	zh = what + "。本服务的记录已从截至 " + at + "(UTC)的备份副本恢复,此前还恢复过:" + strings.Join(spansZH, "、") + "(UTC)之间签发的证书,以及 " + at + " 之后签发的证书,可能不在记录中。若标识上的签发时间在这些时段内,它未必是伪造的,请向认证机构核实;否则此标识可能是伪造的。"
	en = whatEN + ". They were restored from a copy ending at " + at + " (UTC), and restored before: a certificate issued " + strings.Join(spansEN, ", or ") + " (UTC), or after " + at + ", may be missing from them. If the label's issue date is within those times, it is not necessarily forged: ask the certification body; otherwise the label may not be genuine."
	return zh, en
}

// numberGivenAgain returns the restores after which the number of c, a
// certificate the service holds, was given out while a certificate lost by
// that restore may have had it before, oldest first; none for a service
// never restored. A restore takes the numbering back to its copy's
// (factordb peekCertificateNumber: numbers run per year of issue), so every
// number of a year in which the lost time lies (after the copy's end, up
// to the restore) given after the restore may be one the lost certificates
// had (red team 29). A reader looking the number up with such a lost
// certificate's label found this one, valid, and nothing said the number
// had been given again (red team 52's open end). The verify answer and
// page say it beside the certificate, so that it is not taken for the
// label's when the label's ID differs.
func (s *Server) numberGivenAgain(c *certification.Certificate) ([]RestoredCopyJSON, error) {
	if s.Restore == nil {
		return nil, nil
	}
	copies, err := s.Restore.RestoredCopies()
	if err != nil {
		return nil, err
	}
	var out []RestoredCopyJSON
	year := certification.CertificateYear(c.IssuedAt)
	for _, p := range copies {
		// Issue times are whole seconds: one in the restore's own second
		// counts as after it (only the copy's certificates, all issued by
		// its end, come before the restore).
		if !c.IssuedAt.Before(p.At.Truncate(time.Second)) && certification.CertificateYear(p.CopyEnd) <= year && year <= certification.CertificateYear(p.At) {
			out = append(out, NewRestoredCopyJSON(p))
		}
	}
	return out, nil
}

// numberAgainText is the verification page's wording of numberGivenAgain's
// restores n (none: ""), for the page to show under the facts to compare.
func numberAgainText(n []RestoredCopyJSON) (zh, en string) {
	if len(n) == 0 {
		return "", ""
	}
	var spansZH, spansEN []string
	for _, p := range n {
		end, at := p.CopyEnd.UTC().Format(time.RFC3339), p.RestoredAt.UTC().Format(time.RFC3339)
		spansZH = append(spansZH, "副本截至 "+end+"，于 "+at+" 恢复")
		spansEN = append(spansEN, "from a copy ending at "+end+", at "+at)
	}
	zh = "本证书的编号在本服务从备份恢复之后发放（" + strings.Join(spansZH, "；") + "，UTC）：被恢复丢失的证书可能曾使用同一编号。若您是按标识上的编号查到本页，请扫描该标识的二维码：若打开的不是本页，该标识便不是本证书的。"
	en = "This certificate's number was given out after the service restored its records (" + strings.Join(spansEN, "; ") + ", UTC): a certificate the restore lost may have had the same number. If you found this page by a label's number, scan that label's QR code: if it opens any other page, the label is not this certificate's."
	return zh, en
}

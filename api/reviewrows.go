package api

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/pact"
)

// supersededRowWarnings are the review warnings of rc, the review's row of
// certificate rec that the application supersedes, read as the suppliers'
// rows are (red team 53): a record failing the service's signature check,
// or a valid certificate issued or last set valid with an API key no
// former key of its certification body vouched for. Its figure is the one
// the review compares the study with, and its lineage passes to the
// certificate issued here.
//
// And a certificate its body withdrew (rv55): the review compares the
// study with its figure and lineage as with any other's, and showed its
// status in the row alone. A figure withdrawn for cause (data falsified, a
// line left out) is no floor: a successor at or near it shows no drop
// below it, the comparison flattering the study by the very error that
// stopped the certificate. The certifier reads that the figure compared
// with is one its body no longer stands behind, and why.
func supersededRowWarnings(rec *certification.CertificateRecord, rc reviewCertificate) []reviewWarning {
	n := rec.Certificate().Number
	switch {
	case rc.Status == string(certification.CertificateWithdrawn):
		args := []any{n, rec.StatusChangedAt.UTC().Format(time.DateOnly), rec.StatusReason, rec.Certifier}
		return []reviewWarning{{Path: "supersedes",
			Message: fmt.Sprintf("certificate %[1]s, which this application supersedes, was withdrawn by %[4]s on %[2]s: %[3]s. "+
				"The review compares the study with its figure and its lineage's, but its figure is one its body no longer stands behind: a study at or near it shows no drop below it, whatever the withdrawal found; "+
				"check that what the withdrawal found is answered in this study before deciding", args...),
			MessageZH: fmt.Sprintf("本申请所替代的证书 %[1]s 已于 %[2]s 被 %[4]s 撤销,理由:%[3]s。"+
				"本审核将本研究与其数值及其系列的数值比较,但其数值已不再为其认证机构所认可:与其相同或相近的研究不会显示低于它的降幅,无论撤销时发现了什么问题;"+
				"请在决定前核实撤销所发现的问题已在本研究中解决", args...)}}
	case rc.Status == StatusSignatureInvalid:
		return []reviewWarning{{Path: "supersedes",
			Message:   fmt.Sprintf("certificate %s, which this application supersedes, fails the service's digital signature check on record: its figures are not the ones it signed (its record was edited, or its key is lost), so the figure the study is compared with is not one its certification body issued; tell the service's operator before deciding", n),
			MessageZH: fmt.Sprintf("本申请所替代的证书 %s 的存储记录未通过本服务的数字签名验证(签名未通过验证):其数值不是其签名所覆盖的数值(记录被修改,或其密钥已丢失),本研究与之比较的数值并非其认证机构所签发;请在决定前告知本服务的运营方", n)}}
	case len(rc.KeyAlerts) > 0 && rc.Status == string(certification.CertificateValid) && isCompromisedAlert(rc.KeyAlerts[0]):
		zh, en := keyAlertText(false, n, rc.KeyAlerts[0], "", "")
		return []reviewWarning{{Path: "supersedes",
			Message:   "this application supersedes it: " + en + "; the figure the study is compared with, and the lineage passed to the certificate issued here, rest on it: ask that body",
			MessageZH: "本申请替代该证书：" + zh + "本研究与之比较的数值,以及转到本次签发证书的证书系列,均以其为基础:请询问该机构。"}}
	case len(rc.KeyAlerts) > 0 && rc.Status == string(certification.CertificateValid):
		return []reviewWarning{{Path: "supersedes",
			Message:   fmt.Sprintf("certificate %s, which this application supersedes, was issued or last set valid with API key %s, which no former key of its certification body has vouched for: its verification marks it, and its body may not have issued it or set it valid; the figure the study is compared with, and the lineage passed to the certificate issued here, rest on it: ask that body", n, rc.KeyAlerts[0].Key),
			MessageZH: fmt.Sprintf("本申请所替代的证书 %s 的签发或最近一次恢复所用的 API 密钥 %s 未经其认证机构任何原有密钥担保:其验证结果已标注,该证书或其有效状态可能并非该机构所为;本研究与之比较的数值,以及转到本次签发证书的证书系列,均以其为基础:请询问该机构", n, rc.KeyAlerts[0].Key)}}
	}
	return nil
}

// validWordsOf words, in a review's warning, the status of rec, valid on
// record, as its verification does: validWords, or, when it was issued or
// last set valid with an API key no former key of its certification body
// vouched for (unvouchedKeyAlerts), the words of the verification page for
// it (red team 53: a peer so issued read "valid" in the review). The
// English starts in lower case, for the middle of a sentence.
func (s *Server) validWordsOf(ctx context.Context, rec *certification.CertificateRecord) (zh, en string, err error) {
	alerts, err := s.unvouchedKeyAlerts(ctx, rec)
	if err != nil {
		return "", "", err
	}
	if len(alerts) == 0 {
		zh, en = validWords(rec.SupplierFlags)
		return zh, en, nil
	}
	w := statusWording(string(certification.CertificateValid), alerts)
	return w.ZH, strings.ToLower(w.EN[:1]) + w.EN[1:], nil
}

// comparedSignatureWarnings is the review warning of rec, a certificate of
// the holder the review compares study st with (a peer or a stopped one:
// certification.ReviewRecords), when its record fails the server's
// signature check (check): the figure the review reads from it, which
// decides whether the study's drop below it is named, is not the one it
// signed (red team 53: a record edited to a lower figure would hide a new
// model's drop unsaid).
func comparedSignatureWarnings(st *footprint.Study, rec *certification.CertificateRecord, check func(*certification.CertificateRecord) error) []reviewWarning {
	if check(rec) == nil {
		return nil
	}
	c := rec.Certificate()
	args := []any{c.Number, c.Product.Model, st.Product.Model}
	return []reviewWarning{{Path: "product.model",
		Message:   fmt.Sprintf("The holder's certificate %[1]s (model %[2]q), of the same product as the study (model %[3]q), fails the service's digital signature check on record: the figure this review compares the study with is not the one it signed (its record was edited, or its key is lost), so a drop of the study below its signed figure may go unnamed; tell the service's operator and compare with the certificate its holder holds before deciding", args...),
		MessageZH: fmt.Sprintf("持证方与本研究(型号 %[3]q)为同一产品的证书 %[1]s(型号 %[2]q)的存储记录未通过本服务的数字签名验证(签名未通过验证):本审核与之比较的数值不是其签名所覆盖的数值(记录被修改,或其密钥已丢失),本研究低于其签名数值的降幅可能未被指出;请告知本服务的运营方,并在决定前与持证方所持的证书比较", args...)}}
}

// uploadedPACTWarnings is the review warning of rp, a supplier's PACT
// footprint study st uses, when the study's owner uploaded it rather than
// the service fetching it from the supplier's PACT host (red team 53): a
// PACT document is not signed, so its figure, and the primary-data share
// it states, which the study's printed share counts, are the
// manufacturer's word until the certifier checks them with the supplier.
func uploadedPACTWarnings(st *footprint.Study, rp reviewPACT) []reviewWarning {
	if rp.UploadedBy == "" || rp.KgCO2e == nil {
		return nil
	}
	shareEN, shareZH := "", ""
	if x := rp.PrimarySharePct; x != nil && *x > 0 {
		shareEN = fmt.Sprintf(", and the primary-data share of %g %% it states (primaryDataShare), which the study's printed share counts,", *x)
		shareZH = fmt.Sprintf("及其声明的初级数据占比 %g %%(primaryDataShare,本研究所印的初级数据占比按其计入)", *x)
	}
	args := []any{rp.Ref, rp.UploadedBy, *rp.KgCO2e, rp.Unit, shareEN, shareZH}
	return []reviewWarning{{Path: pact.SupplierLinePath(st, rp.Ref),
		Message:   fmt.Sprintf("Supplier's PACT footprint %[1]s is a copy %[2]s uploaded, not one the service fetched from the supplier's PACT host: a PACT document is not signed, so its figure of %[3]g kgCO2e per %[4]s%[5]s is the manufacturer's word; check it with the supplier before certifying", args...),
		MessageZH: fmt.Sprintf("供应商的 PACT 足迹 %[1]s 是 %[2]s 上传的副本,而不是本服务从供应商的 PACT 主机获取的:PACT 文件没有签名,其数值 %[3]g kgCO2e/%[4]s%[6]s只是制造商的说法;请在认证前向供应商核实", args...)}}
}

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/chengdu-pcf/pcf/api"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/tabular"
	"github.com/chengdu-pcf/pcf/labels"
	"github.com/google/uuid"
)

// runVerify is "pcf verify FILE.pdf (--key KEYS.json | --server URL)
// [--study STUDY.json [--factors SET.csv] [--suppliers LIST.json] [--pact FOOTPRINT.json …]]": it checks a certificate or
// label PDF against the published public keys and requires the file to be
// the document rendered from its signed content (labels.VerifyPDF), saying
// exactly what differs in a tampered one.
//
// With --study (the holder shares its study with a buyer) it also
// recomputes the certified result: it checks the study against the signed
// study digest, the factor set (the exported file --factors, or the
// server's export) against the signed factor-set digest, the supplier
// list its holder discloses against the signed suppliers digest, takes the
// suppliers' PACT footprints the study uses from the documents the holder
// discloses (--pact, repeatable; a format-3 certificate's supplier list
// signs each one's id, version and figure, checked against the document,
// an earlier format's result digest their figures only), calculates the
// study with them, and
// requires the result digest the certificate signs, bit for bit; otherwise
// it says which stage, line or factor differs (recompute).
//
// Offline (--key, the JWKS of GET /v1/keys saved to a file) it says plainly
// that the live status was not checked. With --server it also fetches the
// certificate's live status (GET /v1/certificates/{id}/verify) and the
// signed certificate the server holds, and requires the QR code to lead to
// that server.
//
// Exit status 0: genuine, and (with --server) valid now. 1: not genuine, or
// genuine but suspended, withdrawn, superseded, expired or otherwise not
// valid; the output says which. 2: a usage error.
func runVerify(ctx context.Context, args []string, stdout io.Writer) (err error) {
	stdout = printableWriter{stdout} // the report quotes the file and the server
	fs := flag.NewFlagSet("pcf verify", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	keyFile := fs.String("key", "", "public keys: a JWKS file as served by GET /v1/keys (offline; the live status is not checked)")
	server := fs.String("server", "", "fetch the public keys and the live status from this server")
	studyFile := fs.String("study", "", "recompute the result from this study: the study document, or GET /v1/studies/{id} as the holder received it")
	factorsFile := fs.String("factors", "", "with --study: the published factor set as exported (CSV, GET /v1/factor-sets/{version}/export); default: the --server's export")
	suppliersFile := fs.String("suppliers", "", "with --study: the supplier list the holder discloses (pcf-certificate-suppliers/1), when the study uses supplier certificates (format 3: or suppliers' PACT footprints)")
	var pactFiles pactFileList
	fs.Var(&pactFiles, "pact", "with --study: a supplier's PACT footprint document the study uses as pact:<id> (as uploaded, or GET /3/footprints/{id}); repeat for each")
	pos, err := interspersed(fs, args)
	if err != nil {
		return flagError(fs, err) // --help prints the flags and exits 0
	}
	if len(pos) != 1 {
		return usageError("verify：需要一个 FILE.pdf 参数。verify: want one FILE.pdf argument")
	}
	// The files' names are the forger's too: a PDF named "cert.pdf\nGENUINE
	// 真实: …\nVALID 有效: …" printed those lines at the start of the
	// report and of its error (red team 74). Each name is written with its
	// line breaks and other control characters as escapes, wherever the
	// report or its error quotes it.
	if names := shownNames(append([]string{pos[0], *keyFile, *studyFile, *factorsFile, *suppliersFile}, pactFiles...)); names != nil {
		stdout = nameWriter{names, stdout}
		defer func() {
			if err != nil {
				err = &shownNameError{names.Replace(err.Error()), err}
			}
		}()
	}
	if (*keyFile == "") == (*server == "") {
		return usageError("verify：请用 --key KEYS.json（离线）或 --server URL（公钥与实时状态）给出公钥。verify: give the public keys with --key KEYS.json (offline) or --server URL (keys and live status)")
	}
	switch {
	case (*factorsFile != "" || *suppliersFile != "" || len(pactFiles) > 0) && *studyFile == "":
		return usageError("verify：--factors、--suppliers 和 --pact 须与 --study STUDY.json 一起使用。verify: --factors, --suppliers and --pact go with --study STUDY.json")
	case *studyFile != "" && *factorsFile == "" && *server == "":
		return usageError("verify：--study 需要因子集：--factors SET.csv（离线）或 --server URL。verify: --study needs the factor set: --factors SET.csv (offline) or --server URL")
	}
	base := strings.TrimRight(*server, "/")
	if base != "" {
		u, err := url.Parse(base)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return usageError(fmt.Sprintf("verify：--server %[1]q 不是 http(s) 地址。verify: --server %[1]q is not an http(s) URL", *server))
		}
		if u.User != nil || u.RawQuery != "" || u.ForceQuery || u.Fragment != "" {
			// The report names the server it asked: "VALID 有效: … from
			// https://pcf.example.cn@other.example" reads as the service,
			// and asks other.example (red team 45).
			return usageError(fmt.Sprintf("verify：--server %[1]q 不只是服务的地址：它含有用户名（@ 之前）、查询或片段；其主机为 %[2]q；请按 https://host[:port][/path] 给出地址。"+
				"verify: --server %[1]q is not a service's address alone: it holds a user name (before an @), a query or a fragment; the host is %[2]q. Give the address as https://host[:port][/path]", *server, u.Host))
		}
		if strings.ContainsFunc(u.Host, func(r rune) bool { return r >= 0x80 }) {
			// "pcf.exаmple.cn" with a Cyrillic а is another domain (its
			// punycode), printed as the service's; a QR code's host is
			// ASCII too (certification.CheckVerifyURL).
			return usageError(fmt.Sprintf("verify：--server %[1]q：主机 %[2]q 不是 ASCII；形近的字母构成的是另一个域名，请以 ASCII 给出主机（国际化域名用 xn-- 形式）。"+
				"verify: --server %[1]q: the host %[2]q is not ASCII; a look-alike letter makes another domain. Give the host in ASCII (xn-- for an internationalised name)", *server, u.Host))
		}
		if plainHTTPElsewhere(u) {
			// Whoever is on the way can answer with their own keys and
			// "valid" (red team 45), as the QR code's plain http warns
			// offline.
			say(stdout, "WARNING 警告", labels.Line{
				ZH: fmt.Sprintf("--server %s 是通往另一台机器的明文 http，而不是 https：它答复的公钥和实时状态可能在传输途中被篡改", base),
				EN: fmt.Sprintf("--server %s is plain http to another machine, not https: the keys and live status it answers can be altered on the way", base)})
		}
	}
	file := pos[0]
	pdf, err := os.ReadFile(file)
	if err != nil {
		return wrapBilingual(fmt.Sprintf("无法读取文件 %s：", file), "", err)
	}
	if bytes.HasPrefix(pdf, []byte("\x89PNG\r\n\x1a\n")) {
		return bilingualError(fmt.Sprintf("%s 是 PNG 图片（label.png）：图片不带签名内容，无法验证；请验证标签的 PDF（label.pdf），或扫描其二维码，将打开的页面与标签对照", file),
			fmt.Sprintf("%s is a PNG image (label.png): an image carries no signed content, so it cannot be verified; verify the label's PDF (label.pdf), or scan its QR code and compare the page it opens with the label", file))
	}
	var jwks []byte
	var keysAsked time.Time // when the server was asked for its keys
	keySource := *keyFile   // where the keys were read, for their errors (which say "public keys" themselves)
	if *keyFile != "" {
		if jwks, err = os.ReadFile(*keyFile); err != nil {
			return wrapBilingual(fmt.Sprintf("无法读取公钥文件 %s：", *keyFile), "", err)
		}
	} else {
		keySource = base + "/v1/keys"
		keysAsked = time.Now()
		if jwks, err = fetch(ctx, base, "/v1/keys", "public keys"); err != nil {
			var redirected *redirectError
			if errors.As(err, &redirected) {
				sayRedirected(stdout, redirected)
				return redirected.short()
			}
			return wrapBilingual(fmt.Sprintf("无法从 %s 取得公钥：", base), "", err)
		}
	}
	keys, err := certification.ParsePublicKeysJWKS(jwks)
	if err != nil {
		return wrapBilingual(keySource+"：", keySource+": ", err)
	}

	rep, err := labels.VerifyPDF(pdf, keys)
	if rep == nil {
		return wrapBilingual(file+"：", file+": ", err)
	}
	// Offline, a keys file saved before the service reported its key
	// compromised (or retired it) lacks the mark; the reader's record of
	// known services holds the marks the service published when last
	// asked, and they stand in for those the file omits (rf56: a thief's
	// certificate with the leaked key was GENUINE IF THE KEYS ARE THE
	// SERVICE'S for a reader whose record knew of the leak).
	// The record is read once here (knownRecordOf) and what it holds is
	// used by every offline check below.
	var recordMarks []knownKeyMark
	var known *knownServices
	var markBody *knownBody
	var markPath string
	var markErr error
	if *keyFile != "" {
		c := rep.Signed.Certificate
		entries := bodyKeys(c.Certifier.ApprovalNumber, c.Certifier.NameZH, c.Certifier.NameEN)
		known, markBody, markPath, markErr = knownRecordOf(entries)
		if kb := markBody; kb != nil && slices.Contains(kb.Keys, rep.Signed.KeyID) {
			if marked, changed := markedKeys(keys, kb, rep.Signed.KeyID); len(changed) > 0 {
				keys, recordMarks = marked, changed
				if rep, err = labels.VerifyPDF(pdf, keys); rep == nil {
					return wrapBilingual(file+"：", file+": ", err)
				}
			}
		}
	}
	var extra []labels.Line
	c := rep.Signed.Certificate
	if rep.Document.Status == certification.CertificateExpired && time.Now().Before(c.ExpiresAt.Add(-expiryClockSlack)) {
		// The service prints "expired" only once the signed validity has
		// ended (Certificate.StatusAt): a document saying so before then
		// was rendered by someone else (red team 21).
		extra = append(extra, labels.Line{
			ZH: fmt.Sprintf("文件印有状态“已过期”，但证书签名的有效期至 %s（北京时间）：认证服务只在有效期结束之后才印出已过期", labels.FormatDate(c.ExpiresAt)),
			EN: fmt.Sprintf("the document prints the status 已过期 expired, but the certificate's signed validity runs until %s (China Standard Time): the service prints expired only after that", labels.FormatDate(c.ExpiresAt))})
	}
	// The live status, and what the server holds: asked here, before
	// anything is said of the certificate's signed address.
	var live *liveStatus
	var statusErr error
	if base != "" {
		live, statusErr = fetchStatus(ctx, base, c.ID, keys)
	}
	// A key the service reported compromised signs whatever its thief
	// writes, dated within the key's life: its signature alone proves
	// nothing. The service vouches for the certificates it holds, so one
	// the server asked holds as it is signed is checked as any other;
	// one it does not hold is not genuine; offline, or with a server that
	// did not answer, it is not verified (red team 21: a busy server makes
	// no file a forgery).
	compromised := compromisedKey(rep, keys)
	var lost *restoreLoss // the server was restored from a copy ending before the certificate's signed issue
	if compromised == nil {
		lost = lostInRestore(pdf, rep, keys, statusErr)
	}
	var unknown *unknownCertificateError
	disowned := false // the server answered, and does not hold it as signed
	switch {
	case compromised != nil && live != nil && live.holds(rep.Signed):
		rep.Signature = certification.VerifyCertificate(rep.Signed, certification.HeldKeys(keys)) // the document was compared already
	case compromised != nil && (live != nil || errors.As(statusErr, &unknown)):
		disowned = true
		extra = append(extra, labels.Line{
			ZH: fmt.Sprintf("%s 没有持有与签名一致的本证书：以已泄露的密钥签名的证书，只有认证服务持有它时才属于该服务", base),
			EN: fmt.Sprintf("%s does not hold this certificate as it is signed: a certificate signed with a compromised key is the service's only if the service holds it", base)})
	}
	problems := append(rep.Lines(), extra...)
	if lost != nil && lost.retired != nil {
		// The key's retirement by the restore is the signature's only
		// fault (lostInRestore): said below, not as a forgery's.
		problems = extra
	}
	otherService := base != "" && c.VerifyBase != "" && !sameService(base, c.VerifyBase)
	if otherService && len(problems) == 0 {
		// Signed with a key this server publishes, yet it never issued
		// the certificate, or holds another one under its ID: its key
		// signed it outside the service (a leaked or stolen key, a
		// backup made before a rotation), and the address it signs is
		// the forger's, not one to send the reader to (red team 28).
		// A certificate the server holds as it is, naming an earlier
		// address of the service, is left to that address (below).
		var unknown *unknownCertificateError
		forged, forgedZH := "", ""
		switch {
		case errors.As(statusErr, &unknown) && lost == nil:
			forged = fmt.Sprintf("%s never issued certificate %s (%s)", base, c.Number, c.ID)
			forgedZH = fmt.Sprintf("%s 从未签发证书 %s（%s）", base, c.Number, c.ID)
		case live != nil && !live.holds(rep.Signed) && live.heldSigned:
			forged = fmt.Sprintf("%s holds another signed certificate under ID %s", base, c.ID)
			forgedZH = fmt.Sprintf("%s 在标识 %s 下持有另一份签名证书", base, c.ID)
		}
		if forged != "" {
			problems = append(problems, labels.Line{
				ZH: fmt.Sprintf("以 %s 发布的密钥 %s 签名，但 %s：它是在认证服务之外用该密钥签名的（密钥已泄露），其所载地址（%s）不是该服务的",
					base, rep.Signed.KeyID, forgedZH, c.VerifyBase),
				EN: fmt.Sprintf("signed with key %s, which %s publishes, but %s: it was signed with that key outside the service (a leaked key), and the address it names (%s) is not the service's",
					rep.Signed.KeyID, base, forged, c.VerifyBase)})
			live, statusErr = nil, nil
		}
	}
	what, whatZH := "certificate", "证书"
	if k := rep.Document.Kind; k != "certificate" {
		what, whatZH = orWord(k, "document")+" of certificate", "证书的"+orWord(map[string]string{"label": "标签"}[k], "文件")
	}
	fmt.Fprintf(stdout, "%s: %s %s %s (%s)\n", file, whatZH, what, c.Number, c.ID)
	for _, m := range recordMarks {
		var zh, en []string
		if !m.Compromised.IsZero() {
			zh, en = append(zh, "泄露时间 "+m.Compromised.Format(time.RFC3339)), append(en, "compromised at "+m.Compromised.Format(time.RFC3339))
		}
		if !m.Retired.IsZero() {
			zh, en = append(zh, "停用时间 "+m.Retired.Format(time.RFC3339)), append(en, "retired at "+m.Retired.Format(time.RFC3339))
		}
		say(stdout, "  WARNING 警告", labels.Line{
			ZH: fmt.Sprintf("%s 没有载明密钥 %s 的%s；为认证机构 %s 答复的服务 %s 在 %s 被查询时公布了它们（记于 %s）：以所记录的为准，%s 是在此之前保存的，或被改动过",
				*keyFile, m.ID, strings.Join(zh, "、"), markBody.Names, markBody.Service, markBody.KeysAt.Format(time.RFC3339), markPath, *keyFile),
			EN: fmt.Sprintf("%s does not give key %s as %s; the service %s, which answered for the certification body %s, published it so when asked at %s (recorded in %s): the record stands, and %s was saved before that, or edited",
				*keyFile, m.ID, strings.Join(en, " and "), markBody.Service, markBody.Names, markBody.KeysAt.Format(time.RFC3339), markPath, *keyFile)})
	}
	if lost != nil && lost.retired != nil {
		say(stdout, "  KEY RETIRED BY A RESTORE 签名密钥已因恢复而停用", lost.keyLine(base))
	} else if rep.Signature != nil && compromised == nil {
		// The verdict comes last; a reader who stops at the figure must
		// not take a forger's content for the service's (red team 45).
		say(stdout, "  UNSIGNED 签名无效", labels.Line{
			ZH: "签名未通过验证，因此以下各行是文件自称的内容，而不是认证服务所签署的内容（见下文：非真实证书）",
			EN: "the signature does not verify, so the lines below are what the file claims, not what the service signed (NOT GENUINE, below)"})
	}
	product := fmt.Sprintf("%s，型号 model %s", strings.TrimSpace(c.Product.NameZH+" "+c.Product.NameEN), c.Product.Model)
	if c.Product.GTIN != "" {
		product += "，GTIN " + c.Product.GTIN
	}
	field(stdout, "产品", "product", product)
	// Whose certificate it is: a model name is no one's own, and a
	// competitor's genuine certificate of a model of the same name is
	// genuine too (red team 28).
	holder := strings.TrimSpace(c.Holder.NameZH + " " + c.Holder.NameEN)
	if maker := strings.TrimSpace(c.Manufacturer.NameZH + " " + c.Manufacturer.NameEN); maker != "" && maker != holder {
		holder += "；制造商 manufacturer " + maker
	}
	field(stdout, "持有者", "holder", holder)
	// Where it was made: certification is per product and plant, and the
	// site's electricity is in the figure (red team 41).
	for _, site := range c.Sites {
		field(stdout, "生产场所", "site", strings.Join(slices.DeleteFunc([]string{site.NameZH, site.NameEN, site.Address}, func(s string) bool { return s == "" }), ", "))
	}
	field(stdout, "碳足迹", "footprint", fmt.Sprintf("%s kgCO2e 每 per %s %s", labels.FormatKgCO2e(c.KgCO2e), strconv.FormatFloat(c.DeclaredUnit.Amount, 'g', -1, 64), c.DeclaredUnit.Unit))
	printUseScenario(stdout, c)
	printCredits(stdout, c)
	printQuality(stdout, c)
	// The body with its approval number, which names one body: the label
	// prints both (layout 7), and names alone may be cut on a label of an
	// earlier layout (red team 72).
	by := certifierNames(c)
	if a := c.Certifier.ApprovalNumber; a != "" {
		by += " (批准号 approval No. " + a + ")"
	}
	field(stdout, "签发", "issued", fmt.Sprintf("%s，有效期至 valid until %s（北京时间 China Standard Time），认证机构 by %s", labels.FormatDate(c.IssuedAt), labels.FormatDate(c.ExpiresAt), by))
	switch {
	case rep.Signature == nil && *keyFile != "":
		// Whoever hands over a PDF can hand over a keys file holding
		// their own key: the file vouches for nothing.
		field(stdout, "签名", "signature", fmt.Sprintf("有效 valid：Ed25519 密钥 key %s，来自 from %s", rep.Signed.KeyID, *keyFile),
			labels.Line{ZH: fmt.Sprintf("仅当认证服务在 /v1/keys 公布该密钥，%s，才是真实的", keyConditionZH(c)),
				EN: fmt.Sprintf("genuine only if the certification service publishes that key at /v1/keys, %s", keyCondition(c))})
	case rep.Signature == nil:
		field(stdout, "签名", "signature", fmt.Sprintf("有效 valid：Ed25519 密钥 key %s，由 %s 公布 published by %[2]s", rep.Signed.KeyID, base))
	}
	if compromised != nil && rep.Signature == nil {
		at := compromised.Compromised.UTC().Format(time.RFC3339)
		field(stdout, "密钥", "key", compromised.ID, labels.Line{
			ZH: fmt.Sprintf("已于 %s 被报告泄露；%s 持有与签名一致的本证书，由它为本证书担保", at, base),
			EN: fmt.Sprintf("was reported compromised at %s; %s holds this certificate as it is signed, which vouches for it", at, base)})
	}
	if compromised != nil && rep.Signature != nil && !disowned && len(problems) == 1 { // offline, or the server did not answer; nothing else wrong
		at := compromised.Compromised.UTC().Format(time.RFC3339)
		ask, askZH := "verify with --server URL (the certification service's address as you know it)", "请用 --server URL（你所知道的认证服务地址）验证"
		if base != "" {
			ask, askZH = base+" did not answer for it: try again later", base+" 未答复本证书的状态：请稍后重试"
		}
		say(stdout, "NOT VERIFIED 未能验证",
			labels.Line{ZH: fmt.Sprintf("本证书以密钥 %s 签名，认证服务已于 %s 报告该密钥泄露：持有该密钥的任何人都可能签署了本文件。", compromised.ID, at),
				EN: fmt.Sprintf("the certificate is signed with key %s, which the service reported compromised at %s: whoever holds that key may have signed this file.", compromised.ID, at)},
			labels.Line{ZH: "只有保存其所签发证书的认证服务能为它担保：" + askZH + "。",
				EN: "Only the service, which keeps the certificates it issued, can vouch for it: " + ask + "."})
		return bilingualError(fmt.Sprintf("%s 以已被报告泄露的密钥 %s 签名", file, compromised.ID), fmt.Sprintf("%s is signed with key %s, reported compromised", file, compromised.ID))
	}
	if len(rep.Differences) == 0 {
		field(stdout, "文件", "document", "与依其签名内容重新生成的文件完全一致 identical to the document rendered again from its signed content")
	}
	for _, fc := range rep.Fields {
		if fc.OK() {
			field(stdout, "页面字段", "page field", fmt.Sprintf("%s %s 与签名内容一致 matches the signed content", fc.NameZH, fc.Name))
		}
	}
	if st := rep.Document.Status; st != "" {
		field(stdout, "所印状态", "status", orWord(statusWords[string(st)], string(st)), labels.Line{
			ZH: "下载时印出，未经签名；实时状态在线查询",
			EN: "printed at download, not signed; the live status is online"})
	}
	if rep.Document.VerifyURL != "" {
		var notes []labels.Line
		signedURL, _ := rep.Signed.Certificate.VerifyURL("")
		signed := rep.Signed.Certificate.VerifyBase != "" // a QR code to another address is a difference (NOT GENUINE)
		switch vb := rep.Signed.Certificate.VerifyBase; {
		case !signed || rep.Document.VerifyURL != signedURL || len(problems) > 0:
			// Said of a signature that verifies, on the document it signs.
		case *keyFile != "":
			notes = append(notes, labels.Line{
				ZH: fmt.Sprintf("（该地址已签入证书：若所给公钥属于签名密钥所属的服务，%s 就是该服务的地址）", vb),
				EN: fmt.Sprintf("(that address is signed in the certificate: %s is the address of the service whose key signed it, if the keys given are that service's)", vb)})
		default:
			notes = append(notes, labels.Line{
				ZH: fmt.Sprintf("（该地址已签入证书：%s 是签发服务的地址）", vb),
				EN: fmt.Sprintf("(that address is signed in the certificate: %s is the issuing service's address)", vb)})
		}
		if base == "" {
			// Before format 4 anyone could render a genuine certificate
			// again with a QR code of their choosing: only the path is
			// checked.
			addr := qrAddress(rep.Document.VerifyURL)
			if !signed {
				notes = append(notes, labels.Line{
					ZH: fmt.Sprintf("（该地址未经签名：只有当 %s 是认证服务自己的验证页面时，才可信任它打开的页面）", addr),
					EN: fmt.Sprintf("(that address is not signed: trust the page it opens only if %s is the certification service's own verification page)", addr)})
			}
		}
		field(stdout, "二维码", "QR code", "指向 leads to "+rep.Document.VerifyURL, notes...)
		if base == "" && strings.HasPrefix(strings.ToLower(qrAddress(rep.Document.VerifyURL)), "http://") {
			say(stdout, "  WARNING 警告", labels.Line{
				ZH: "二维码的地址是明文 http，而不是 https：它打开的页面可能在传输途中被篡改",
				EN: "the QR code's address is plain http, not https: the page it opens can be altered on the way"})
		}
	}

	// A server that holds this very certificate (a service that moved,
	// under another name or scheme) and says it is not valid is believed,
	// wherever the certificate says its service is: sent to the signed
	// address instead, the reader was answered by whoever holds that
	// address now (red team 63: a withdrawn certificate of a moved
	// service, its old address taken over, was GENUINE and VALID there).
	heldNotValid := otherService && len(problems) == 0 && live != nil && live.holds(rep.Signed) && !live.plainlyValid()
	// A service that moved to another host: the reader asks the address
	// it knows, which holds this very certificate and answers valid, and
	// the address the certificate signs answers its verification with a
	// redirect to that address (the operator redirected the old address,
	// as pcf serve's warning advises). The signed address hands its
	// certificates to the address the reader chose; a redirect to any
	// other is not followed (red team 89), so the old address's redirect
	// no longer stands in for the reader's choice.
	movedHere := otherService && len(problems) == 0 && live != nil && live.holds(rep.Signed) && live.plainlyValid() && signedRedirectsTo(ctx, c, base)
	if movedHere {
		otherService = false
	}
	var busy *unavailableError
	if otherService && len(problems) == 0 && errors.As(statusErr, &busy) {
		// It publishes the key the certificate is signed with, and may
		// hold it and call it withdrawn: its silence sends the reader
		// nowhere else.
		say(stdout, "LIVE STATUS UNKNOWN 实时状态未知",
			labels.Line{ZH: fmt.Sprintf("%s 发布了本证书的签名密钥，但未答复本证书的状态%s，请稍后重试%s。", base, busy.becauseZH(), busy.retryZH()),
				EN: fmt.Sprintf("%s, which publishes the key the certificate is signed with, did not answer for it (%s). Try %[1]s again later%[3]s.", base, busy.why, busy.retry())},
			labels.Line{ZH: fmt.Sprintf("证书所载的服务地址为 %s：若 %s 持有本证书并答复无效，则以其答复为准。", c.VerifyBase, base),
				EN: fmt.Sprintf("The certificate names %s as its service: if %s holds it and answers that it is not valid, that answer stands.", c.VerifyBase, base)})
		return liveUnknownError(c, base)
	}
	if otherService && len(problems) == 0 && !heldNotValid {
		// Signed with a key the server asked publishes, but naming
		// another address as its service: only that service's live
		// status counts. (Signed with no key the server asked publishes,
		// or not the document signed, it is not genuine, below: a forger
		// signs with its own key a certificate naming its own server.)
		say(stdout, "NOT VERIFIED 未能验证",
			labels.Line{ZH: fmt.Sprintf("证书载明为其负责答复的服务是 %s，而不是所查询的服务器（%s）：该服务器的密钥和状态与本证书无关。请用 --server %[1]s 验证。", c.VerifyBase, base),
				EN: fmt.Sprintf("the certificate names %s as the service that answers for it, not the server asked (%s): that server's keys and status say nothing of this certificate. Verify with --server %[1]s.", c.VerifyBase, base)})
		return bilingualError(fmt.Sprintf("%s 载明其服务为 %s，而不是 %s", file, c.VerifyBase, base), fmt.Sprintf("%s names %s as its service, not %s", file, c.VerifyBase, base))
	}

	// The live status, and what the server holds.
	var unavailable *unavailableError
	var redirected *redirectError
	if base != "" {
		switch err := statusErr; {
		case live == nil && err == nil: // the server's key on a certificate it never issued: said above
		case lost != nil:
			// Not held by records restored from a copy that ends before
			// its issue: unknown, not forged (below).
		case errors.As(err, &redirected):
			// Not followed: the live status is the address given's
			// to answer, or nobody's (red team 89).
		case errors.As(err, &unavailable):
			// Busy, rate-limited or unreachable: the file is not the
			// worse for it, only its live status is unknown (red team
			// 21: a genuine file was called NOT GENUINE).
			live = nil
		case err != nil:
			problems = append(problems, labels.Line{ZH: fmt.Sprintf("%s 对实时状态查询的答复无法使用", base), EN: err.Error()})
			if k, at, ok := keyOfRestoredService(rep, keys, err); ok {
				// Its page tells a person that a label issued after the
				// copy's end may be one the restore lost: not this one.
				problems = append(problems, labels.Line{
					ZH: fmt.Sprintf("签名密钥 %s 是 %s 在从备份恢复记录时（%s）或其后创建的：以它签署的证书都在该服务的记录中，恢复不会丢失它们", k.ID, base, at.UTC().Format(time.RFC3339)),
					EN: fmt.Sprintf("the signing key %s was created by %s when it restored its records (%s) or since: every certificate signed with it is in the service's records, and the restore cannot have lost this one", k.ID, base, at.UTC().Format(time.RFC3339))})
			}
		default:
			problems = append(problems, live.problems(rep, base, !heldNotValid && !movedHere)...)
			live.successorNumber(ctx, base, keys)
		}
	}

	// The result recomputed from the study, when it is shared. Only
	// signed content is worth recomputing.
	var rc *recomputation
	if *studyFile != "" && rep.Signature == nil {
		rc = recompute(ctx, c, *studyFile, *factorsFile, *suppliersFile, pactFiles, base)
		rc.print(stdout)
	}

	if len(problems) > 0 {
		say(stdout, "NOT GENUINE 非真实证书", labels.Line{ZH: "本文件不是认证服务签发的文件：", EN: "this file is not the document the service issued:"})
		printItems(stdout, problems)
		if live != nil && live.Status != "" {
			fmt.Fprintf(stdout, "证书 %s 在 %s 的实时状态：%s\n", c.Number, base, live.describe())
			fmt.Fprintf(stdout, "Live status of certificate %s on %s: %s\n", c.Number, base, live.describe())
		}
		return bilingualError(fmt.Sprintf("%s 不是真实的证书文件", file), fmt.Sprintf("%s is not genuine", file))
	}
	if redirected != nil {
		sayRedirected(stdout, redirected)
		return redirected.short()
	}
	if base != "" && !otherService && live != nil && live.holds(rep.Signed) {
		// A look-alike address running the service's software with its
		// own keys answers for its own certificates of the genuine body
		// as the service does (red team 86): the service that answered
		// for this body before is remembered, and another is not taken
		// for it.
		names := certifierNames(c)
		body := knownBody{Approval: c.Certifier.ApprovalNumber, Names: names, Certificate: c.Number, Recorded: time.Now(), Keys: keyIDs(keys), KeysAt: keysAsked, Marks: keyMarks(keys)}
		entries := bodyKeys(c.Certifier.ApprovalNumber, c.Certifier.NameZH, c.Certifier.NameEN)
		switch k := checkKnownService(entries, body, base); {
		case k.other != nil:
			return refuseOtherService(stdout, file, c, k.other, k.path, base, entries, true)
		case k.lookalike != nil:
			return refuseLookAlike(stdout, file, c, k.lookalike, k.path, base)
		case k.added:
			field(stdout, "服务", "service", base, labels.Line{
				ZH: fmt.Sprintf("首次由它答复认证机构 %s（批准号 %s）的证书，已记入 %s：仅当 %s 是你所知道的认证服务地址时，它才是认证服务（仿冒的地址运行同样的软件，也会答复真实、有效）；此后同名或同批准号的机构的证书若由其他地址答复，将不被认作真实", names, c.Certifier.ApprovalNumber, k.path, base),
				EN: fmt.Sprintf("the first to answer for a certificate of the body %s (approval No. %s), recorded in %s: it is the certification service only if %s is the service's address as you know it (a look-alike address running the same software answers genuine and valid too); a certificate of a body of that name or approval number answered for by another address will not be called genuine", names, c.Certifier.ApprovalNumber, k.path, base)})
		case k.err != nil:
			sayKnownServicesUnread(stdout, k.err, k.path, names, base)
		}
	}
	if base != "" && !otherService && live == nil && (unavailable != nil || lost != nil) {
		// The server publishes the key, and did not answer for the
		// certificate: a look-alike of a remembered body escaped the
		// record by not answering, and its keys were called GENUINE
		// (red team 89). Nothing is recorded for a server that did not
		// answer; another service remembered for the body is said.
		entries := bodyKeys(c.Certifier.ApprovalNumber, c.Certifier.NameZH, c.Certifier.NameEN)
		o, path, err := knownServiceOf(entries)
		if o != nil && !sameKnownService(base, o.Service) {
			return refuseOtherService(stdout, file, c, o, path, base, entries, false)
		}
		if err != nil {
			sayKnownServicesUnread(stdout, err, path, certifierNames(c), base)
		}
	}
	if *keyFile != "" {
		// A keys file comes with the PDF: a key of a body's certificate
		// that the service remembered for the body did not publish is
		// not the service's (red team 86).
		entries := bodyKeys(c.Certifier.ApprovalNumber, c.Certifier.NameZH, c.Certifier.NameEN)
		kb, path, kerr := markBody, markPath, markErr
		if kb != nil && len(kb.Keys) > 0 && !slices.Contains(kb.Keys, rep.Signed.KeyID) {
			// Issued after the service was last asked, the key may be one
			// it began to use since, or a forger's: a forger issues after
			// the reader last asked, always, so the date clears nothing
			// (rf55, session 55). The service asked online answers,
			// and records the key if it is its own.
			published := strings.Join(kb.Keys, ", ")
			first := labels.Line{ZH: fmt.Sprintf("本证书于 %s 签发、以密钥 %s 签名；而为认证机构 %s（批准号 %s）答复的服务 %s 在其后的 %s 公布的密钥是 %s，没有该密钥（记于 %s）：%s 中的密钥不是该服务的。",
				labels.FormatDate(c.IssuedAt), rep.Signed.KeyID, kb.Names, kb.Approval, kb.Service, kb.KeysAt.Format(time.RFC3339), published, path, *keyFile),
				EN: fmt.Sprintf("the certificate was issued on %s and signed with key %s; the service %s, which answered for the certification body %s (approval No. %s), published keys %s at %s, after that, and not it (recorded in %s): the keys in %s are not that service's.",
					labels.FormatDate(c.IssuedAt), rep.Signed.KeyID, kb.Service, kb.Names, kb.Approval, published, kb.KeysAt.Format(time.RFC3339), path, *keyFile)}
			errZH, errEN := fmt.Sprintf("%s 的签名密钥 %s 不是 %s 所公布的", file, rep.Signed.KeyID, kb.Service), fmt.Sprintf("%s is signed with key %s, which %s did not publish", file, rep.Signed.KeyID, kb.Service)
			if c.IssuedAt.After(kb.KeysAt) {
				first = labels.Line{ZH: fmt.Sprintf("本证书以密钥 %s 签名；为认证机构 %s（批准号 %s）答复的服务 %s 上次被查询时（%s）公布的密钥是 %s，没有该密钥（记于 %s）。本证书签发于其后（%s），该密钥可能是该服务此后才启用的，也可能是仿冒者的：离线无法区分，%s 随 PDF 一同交来，不能证明什么。请用 --server %s 核实（若密钥属于该服务，记录随之更新）。",
					rep.Signed.KeyID, kb.Names, kb.Approval, kb.Service, kb.KeysAt.Format(time.RFC3339), published, path, labels.FormatDate(c.IssuedAt), *keyFile, kb.Service),
					EN: fmt.Sprintf("the certificate is signed with key %s; the service %s, which answered for the certification body %s (approval No. %s), published keys %s when last asked (%s), and not it (recorded in %s). The certificate was issued since (%s): the key may be one the service began to use since, or a forger's, which offline cannot tell, and %s, handed over with the PDF, proves nothing. Verify with --server %s (which records the key if it is the service's).",
						rep.Signed.KeyID, kb.Service, kb.Names, kb.Approval, published, kb.KeysAt.Format(time.RFC3339), path, labels.FormatDate(c.IssuedAt), *keyFile, kb.Service)}
				errZH, errEN = fmt.Sprintf("%s 的签名密钥 %s 不是 %s 上次被查询时（%s）所公布的", file, rep.Signed.KeyID, kb.Service, kb.KeysAt.Format(time.RFC3339)),
					fmt.Sprintf("%s is signed with key %s, which %s did not publish when last asked (%s)", file, rep.Signed.KeyID, kb.Service, kb.KeysAt.Format(time.RFC3339))
			}
			say(stdout, "NOT VERIFIED 未能验证", first,
				// The record is trust on first use: a forger's service
				// verified first is remembered as well (reviewer 50).
				labels.Line{ZH: fmt.Sprintf("该服务是它首次答复该机构的证书时记入的（首次使用即信任：%s，证书 %s）。请确认 %s 是你所知道的认证服务地址，再用 --server %s 验证；若不是，请从 %s 中删去记录 %s。",
					kb.Recorded.Format(time.RFC3339), kb.Certificate, kb.Service, kb.Service, path, strings.Join(entries, ", ")),
					EN: fmt.Sprintf("That service was recorded when it first answered for a certificate of the body (trust on first use: %s, certificate %s). Make sure %s is the service's address as you know it, then verify with --server %s; if it is not, remove the entries %s from %s.",
						kb.Recorded.Format(time.RFC3339), kb.Certificate, kb.Service, kb.Service, strings.Join(entries, ", "), path)})
			return bilingualError(errZH, errEN)
		}
		if kb == nil && kerr == nil {
			// A body new to the record, whose certificate names a
			// service the record holds for another body: that service
			// publishes every key it signs with, for every body (rf56).
			if s := serviceIn(known, c.VerifyBase); s != nil && !slices.Contains(s.Keys, rep.Signed.KeyID) {
				at, published, names := s.KeysAt.UTC().Format(time.RFC3339), strings.Join(s.Keys, ", "), certifierNames(c)
				say(stdout, "NOT VERIFIED 未能验证",
					labels.Line{ZH: fmt.Sprintf("本证书载明其服务为 %s；该主机上的服务 %s 上次被查询时（%s）公布的密钥是 %s（为认证机构 %s 答复时记于 %s），没有本证书的签名密钥 %s。本证书的认证机构 %s 对本机是首次出现；该密钥可能是该服务此后才启用的，也可能是仿冒者以该服务的地址签名的：离线无法区分，%s 随 PDF 一同交来，不能证明什么。请用 --server %s 核实。",
						c.VerifyBase, s.Service, at, published, s.Names, path, rep.Signed.KeyID, names, *keyFile, c.VerifyBase),
						EN: fmt.Sprintf("the certificate names %s as its service; the service on its host, %s, published keys %s when last asked (%s; recorded in %s when it answered for the certification body %s), not the certificate's signing key %s. The certificate's body, %s, is new to this computer; the key may be one the service began to use since, or a forger's signing in the service's name, which offline cannot tell, and %s, handed over with the PDF, proves nothing: verify with --server %s.",
							c.VerifyBase, s.Service, published, at, path, s.Names, rep.Signed.KeyID, names, *keyFile, c.VerifyBase)})
				return bilingualError(fmt.Sprintf("%s 的签名密钥 %s 不是 %s 上次被查询时（%s）所公布的", file, rep.Signed.KeyID, s.Service, at),
					fmt.Sprintf("%s is signed with key %s, which %s did not publish when last asked (%s)", file, rep.Signed.KeyID, s.Service, at))
			}
			// A body new to the record, whose certificate signs a
			// service on a host a character from one the record holds
			// (rf56).
			if o := lookAlikeOf(known, c.VerifyBase); o != nil {
				return refuseLookAlike(stdout, file, c, o, path, c.VerifyBase)
			}
		}
		if kerr != nil {
			// Not a word of it before (reviewer 55b), where the online
			// check warns.
			sayKnownServicesUnread(stdout, kerr, path, certifierNames(c), "")
		}
		// Whoever hands over the PDF can hand over the keys.
		lines := []labels.Line{{ZH: fmt.Sprintf("签名以 %s 中的密钥 %s 验证通过，且文件就是依其签名内容生成的文件；", *keyFile, rep.Signed.KeyID),
			EN: fmt.Sprintf("the signature verifies with key %s from %s and the file is the document rendered from its signed content;", rep.Signed.KeyID, *keyFile)},
			{ZH: fmt.Sprintf("仅当认证服务在 /v1/keys 公布密钥 %s，%s，它才是真实的（或用 --server URL 验证）。", rep.Signed.KeyID, keyConditionZH(c)),
				EN: fmt.Sprintf("it is genuine only if the certification service publishes key %s at /v1/keys, %s (or verify with --server URL).", rep.Signed.KeyID, keyCondition(c))}}
		// What the record knows of the key, and what nothing offline
		// can know: a key compromised, or a certificate withdrawn, after
		// the reader last asked (rf56).
		if l, ok := offlineKnown(kb, path, rep.Signed.KeyID); ok {
			lines = append(lines, l)
		}
		say(stdout, "GENUINE 真实 IF THE KEYS ARE THE SERVICE'S 若公钥属于认证服务", lines...)
	} else if lost == nil || lost.retired == nil {
		say(stdout, "GENUINE 真实", labels.Line{ZH: "签名验证通过，且文件就是依其签名内容生成的文件。", EN: "the signature verifies and the file is the document rendered from its signed content."})
	}
	if rc != nil && !rc.confirmed() {
		say(stdout, "RESULT NOT CONFIRMED 结果未复核", labels.Line{ZH: "所给的研究、因子集和文件不能证实证书所载的结果：", EN: "the study, factor set and documents given do not confirm the certified result:"})
		printItems(stdout, rc.problems)
		return bilingualError(fmt.Sprintf("证书 %s 的结果未能由 %s 复核", c.Number, *studyFile), fmt.Sprintf("the result of certificate %s was not confirmed from %s", c.Number, *studyFile))
	}
	if rc != nil {
		say(stdout, "RESULT CONFIRMED 结果已复核", labels.Line{
			ZH: fmt.Sprintf("%s 与因子集 %s 逐位重现了证书所载的结果（结果摘要 %s）。", *studyFile, c.FactorSet, c.ResultDigest),
			EN: fmt.Sprintf("%s and factor set %s reproduce the certified result bit for bit (result digest %s).", *studyFile, c.FactorSet, c.ResultDigest)})
	}
	if now := time.Now(); live == nil && c.StatusAt(certification.CertificateValid, now) == certification.CertificateExpired {
		// The expiry date is signed, so offline (or an unanswering server)
		// is no reason not to judge it; the printed status is not signed.
		say(stdout, "EXPIRED 已过期",
			labels.Line{ZH: fmt.Sprintf("证书签名的有效期已于 %s（北京时间）结束；本证书不得用于声明。", labels.FormatDate(c.ExpiresAt)),
				EN: fmt.Sprintf("the certificate's signed validity ended on %s (China Standard Time); it may not be used for claims.", labels.FormatDate(c.ExpiresAt))},
			labels.Line{ZH: "未查询实时状态（离线验证）。", EN: "The live status was not checked (verified offline)."})
		return expiredError(c)
	}
	if now := time.Now(); c.IssuedAt.After(now.Add(expiryClockSlack)) {
		// Signed as issued later than now (red team 56): the issuing
		// service's clock was set ahead, or the certificate was signed
		// outside the service. Its validity, counted from that date, runs
		// past the rule's, and no status check tells.
		say(stdout, "NOT VALID 无效",
			labels.Line{ZH: fmt.Sprintf("证书声明的签发日期 %s（北京时间）晚于本机时钟（%s）：签发服务的时钟超前，或证书是在该服务之外签名的；其签名的有效期（至 %s）因此长于规则允许的期限。",
				labels.FormatDate(c.IssuedAt), now.UTC().Format(time.RFC3339), labels.FormatDate(c.ExpiresAt)),
				EN: fmt.Sprintf("the certificate claims issue on %s (China Standard Time), after this computer's clock (%s): the issuing service's clock was ahead, or it was signed outside the service; its signed validity (until %s) then runs longer than the rule allows.",
					labels.FormatDate(c.IssuedAt), now.UTC().Format(time.RFC3339), labels.FormatDate(c.ExpiresAt))},
			labels.Line{ZH: "请检查本机时钟；若时钟无误，请勿依赖本证书。", EN: "Check this computer's clock; if it is right, do not rely on it."})
		return bilingualError(fmt.Sprintf("证书 %s 声明的签发日期 %s 晚于本机时钟", c.Number, labels.FormatDate(c.IssuedAt)),
			fmt.Sprintf("certificate %s claims issue on %s, after this computer's clock", c.Number, labels.FormatDate(c.IssuedAt)))
	}
	if now := time.Now(); live != nil && (live.Status == string(certification.CertificateValid) || live.Status == string(certification.CertificateSuspended)) &&
		now.After(c.ExpiresAt.Add(expiryClockSlack)) {
		// The expiry is signed and judged by this computer's clock, not
		// only offline: a server whose clock was set back answers valid
		// for a certificate whose validity has ended (red team 56).
		say(stdout, "EXPIRED 已过期",
			labels.Line{ZH: fmt.Sprintf("证书签名的有效期已于 %s（北京时间）结束，%s 仍答复为 %s：该服务的时钟早于有效期截止时间。本证书不得用于声明。", labels.FormatDate(c.ExpiresAt), base, orWord(statusWords[live.Status], live.Status)),
				EN: fmt.Sprintf("the certificate's signed validity ended on %s (China Standard Time), though %s answered %s: that service's clock reads before the expiry. It may not be used for claims.", labels.FormatDate(c.ExpiresAt), base, live.describe())})
		return expiredError(c)
	}
	if now := time.Now(); live != nil && live.Status == string(certification.CertificateExpired) && now.Before(c.ExpiresAt.Add(-expiryClockSlack)) {
		// The other way round: the service answers expired only once the
		// signed validity has ended by its clock (Certificate.StatusAt),
		// for a certificate it holds as valid or suspended. Before the
		// end by this computer's clock, the answer says neither which
		// nor that the certificate is not valid (red team 52).
		say(stdout, "LIVE STATUS UNKNOWN 实时状态未知",
			labels.Line{ZH: fmt.Sprintf("%s 答复本证书为“已过期”，但证书签名的有效期至 %s（北京时间），本机时钟（%s）尚在其内：该服务的时钟超前，或答复不是该服务的。不知道证书现在是有效还是已暂停。",
				base, labels.FormatDate(c.ExpiresAt), now.UTC().Format(time.RFC3339)),
				EN: fmt.Sprintf("%s answered 已过期 expired, but the certificate's signed validity runs until %s (China Standard Time) and this computer's clock (%s) is within it: that service's clock is ahead, or the answer is not the service's. Whether the certificate is valid or suspended now is not known.",
					base, labels.FormatDate(c.ExpiresAt), now.UTC().Format(time.RFC3339))},
			labels.Line{ZH: "请检查本机时钟，并稍后重试。", EN: "Check this computer's clock, and try again later."})
		return liveUnknownError(c, base)
	}
	if unavailable != nil { // after the signed expiry, which needs no server
		say(stdout, "LIVE STATUS UNKNOWN 实时状态未知", labels.Line{
			ZH: fmt.Sprintf("%s 未答复本证书的实时状态%s；不知道它是否已被暂停、撤销或替代。请稍后重试%s。", base, unavailable.becauseZH(), unavailable.retryZH()),
			EN: fmt.Sprintf("%s did not answer for the certificate's live status (%s); whether it has been suspended, withdrawn or superseded is not known. Try again later%s.", base, unavailable.why, unavailable.retry())})
		return liveUnknownError(c, base)
	}
	if lost != nil {
		lost.numberTaken(ctx, base, c, keys)
		say(stdout, "LIVE STATUS UNKNOWN 实时状态未知", lost.lines(c, base)...)
		return bilingualError(fmt.Sprintf("证书 %s 不在 %s 从备份恢复的记录中，其状态未知", c.Number, base),
			fmt.Sprintf("certificate %s is not in the records %s restored from a copy: its status is not known", c.Number, base))
	}
	if st := rep.Document.Status; live == nil && st != "" && st != certification.CertificateValid {
		// The document was downloaded while not valid and says so on
		// every page; offline there is nothing to say it changed since.
		// The printed status is not signed: anyone can print "withdrawn"
		// on a copy of a valid certificate (red team 74), so it is not
		// relied on as valid, and not told as a fact either.
		printed := orWord(statusWords[string(st)], string(st))
		say(stdout, "NOT VALID AS PRINTED 文件所示无效",
			labels.Line{ZH: fmt.Sprintf("文件印有状态“%s”。印出的状态未经签名：可能是下载时的状态，也可能是对副本的篡改（任何人都可以在有效证书的副本上印上它）。", printed),
				EN: fmt.Sprintf("the document prints the status %s. A printed status is not signed: it is the status when the document was downloaded, or an edit of a copy (anyone can print it on a valid certificate's).", printed)},
			labels.Line{ZH: "请勿依赖本文件；本次为离线验证，未查询实时状态：在告知他人证书无效之前，请用 --server URL 查询。",
				EN: "Do not rely on this document; the live status was not checked (verified offline): check it with --server URL before telling anyone the certificate is not valid."})
		return bilingualError(fmt.Sprintf("证书 %s 在文件上印为%s", c.Number, printed), fmt.Sprintf("certificate %s is %s on the document", c.Number, st))
	}
	if live == nil && c.VerifyBase != "" {
		// The signed address is the forger's when the key is (a keys file
		// comes with the PDF) or was leaked: sent there, the reader asks
		// the forger's server, which answers valid (red team 45; red team
		// 28 closed the same advice online). Name it, not as the place to
		// ask.
		u, _ := c.VerifyURL("")
		say(stdout, "LIVE STATUS NOT CHECKED 未查询实时状态", notCheckedLine("。"),
			labels.Line{ZH: fmt.Sprintf("证书所载的服务为 %s（其二维码指向 %s）：只有当密钥 %s 属于该服务、且从未在服务之外使用时，它才是该服务；以其他密钥签名的证书载明的是签名者自己的服务器，它会答复有效。", c.VerifyBase, u, rep.Signed.KeyID),
				EN: fmt.Sprintf("The certificate names %s as its service (its QR code leads to %s): that is the service only if key %s is the service's and was never used outside it; a certificate signed with another key names the signer's own server, which answers valid.", c.VerifyBase, u, rep.Signed.KeyID)})
		return nil
	}
	if live == nil {
		path := certification.CertificateVerifyPath(c.ID)
		l := notCheckedLine(fmt.Sprintf("（二维码的地址未经签名），或在该服务上打开 %s。", path))
		l.EN = strings.TrimSuffix(l.EN, ".") + fmt.Sprintf(" (the QR code's address is not signed), or open %s on that service.", path)
		say(stdout, "LIVE STATUS NOT CHECKED 未查询实时状态", l)
		return nil
	}
	if movedHere {
		u, _ := c.VerifyURL("")
		printItems(stdout, []labels.Line{{
			ZH: fmt.Sprintf("证书所载的服务地址为 %[1]s（其二维码指向 %[3]s）；该地址把本证书的验证重定向到所查询的 %[2]s，后者持有同一份证书（签名内容、签名与密钥均相同）：服务已迁至 %[2]s。仅当 %[2]s 是你所知道的认证服务地址时，本结论才成立。", c.VerifyBase, base, u),
			EN: fmt.Sprintf("The certificate names %[1]s as its service (its QR code leads to %[3]s); that address redirects the certificate's verification to %[2]s, asked, which holds this very certificate (the same signed content, signature and key): the service moved to %[2]s. This holds only if %[2]s is the certification service's address as you know it.", c.VerifyBase, base, u)}})
	}
	if heldNotValid {
		printItems(stdout, []labels.Line{{
			ZH: fmt.Sprintf("证书所载的服务地址为 %[1]s；所查询的 %[2]s 持有同一份证书（签名内容、签名与密钥均相同），答复其并非有效：以此答复为准，无论 %[1]s 现在作何答复（服务弃用的地址可能已易主）。", c.VerifyBase, base),
			EN: fmt.Sprintf("The certificate names %[1]s as its service; %[2]s, asked, holds this very certificate (the same signed content, signature and key) and answers that it is not valid: that answer stands, whatever %[1]s answers now (an address a service left can pass to someone else).", c.VerifyBase, base)}})
	}
	if live.Status != string(certification.CertificateValid) {
		say(stdout, "NOT VALID 无效", labels.Line{
			ZH: fmt.Sprintf("证书是真实的，但其状态为%s（实时状态来自 %s）。", orWord(statusWordsZH(live), live.Status), base),
			EN: fmt.Sprintf("the certificate is genuine but %s (live status from %s).", live.describe(), base)})
		if !live.holds(rep.Signed) { // only a record failing the server's own check (statusAnswer)
			printItems(stdout, []labels.Line{{
				ZH: fmt.Sprintf("%s 为本证书保存的记录与本文件不同，且不能以它公布的公钥验证：本文件是签署时的文件，该记录此后被改动（或其密钥丢失）。请向认证机构核实。", base),
				EN: fmt.Sprintf("The record %s keeps for this certificate differs from this file and does not verify with the keys it publishes: the file is the document as signed, and the record was changed since (or its key lost). Ask the certification body.", base)}})
		}
		for _, a := range live.SupplierAlerts {
			if a.Code == "status_key_unvouched" {
				printStatusKeyAlert(stdout, a.Key)
			}
			if a.Code == "status_key_compromised" {
				printCompromisedKeyAlert(stdout, a.Code, a.Key, a.AsOf)
			}
		}
		return bilingualError(fmt.Sprintf("证书 %s 的状态为%s", c.Number, orWord(statusWordsZH(live), live.Status)), fmt.Sprintf("certificate %s is %s", c.Number, live.Status))
	}
	if len(live.SupplierAlerts) > 0 {
		// Flagged upstream: its figure rests on a supplier certificate
		// that is no longer valid, and its certifier has not reviewed it.
		// The public answer says no more (red team 19: a time or a
		// status paired the certificate with its supplier). Or the
		// certificate it replaced was withdrawn for cause after it was
		// replaced, and its certifier has not reviewed it.
		say(stdout, "NOT VALID 无效", labels.Line{
			ZH: fmt.Sprintf("证书记录为有效，但被标记为待复核（实时状态来自 %s）：", base),
			EN: fmt.Sprintf("the certificate is 有效 valid on record but flagged 待复核 (live status from %s):", base)})
		for _, a := range live.SupplierAlerts {
			if a.Code == "restored" {
				fmt.Fprintf(stdout, "  - 本服务的数据已从 %s 的备份副本恢复,其后的暂停、撤销或替代可能已丢失,认证机构尚未确认本证书的状态\n", a.AsOf)
				fmt.Fprintf(stdout, "    the service's records were restored from a copy taken at %s: a suspension, withdrawal or replacement since may be lost, and its certification body has not confirmed its status\n", a.AsOf)
				continue
			}
			if a.Code == "issuing_key_unvouched" {
				fmt.Fprintf(stdout, "  - 本证书以 API 密钥 %s 签发,该密钥由服务运营方在认证机构的全部密钥被撤销后创建,该机构此前的密钥尚未为其担保,本证书可能并非由该认证机构签发\n", a.Key)
				fmt.Fprintf(stdout, "    it was issued with API key %s, which the service's operator made after every key of the certification body was revoked; no key the body held before has vouched for it, so the body may not have issued it\n", a.Key)
				continue
			}
			if a.Code == "status_key_unvouched" {
				printStatusKeyAlert(stdout, a.Key)
				continue
			}
			if a.Code == "issuing_key_compromised" || a.Code == "status_key_compromised" {
				printCompromisedKeyAlert(stdout, a.Code, a.Key, a.AsOf)
				continue
			}
			if a.Code == "predecessor_withdrawn" {
				fmt.Fprintf(stdout, "  - 本证书沿革中的前证书 %s 在被替代后已被其认证机构撤销,本证书的认证机构尚未复核本证书\n", a.Number)
				fmt.Fprintf(stdout, "    a certificate earlier in its lineage, %s, was withdrawn by its certification body after it was replaced; its certification body has not yet reviewed it\n", a.Number)
				continue
			}
			if a.Code == "supplier_changed" {
				fmt.Fprintln(stdout, "  - 本证书所依据的供应商证书状态已变更(暂停、撤销或被替代),认证机构尚未复核本证书")
				fmt.Fprintln(stdout, "    a supplier certificate it relies on has changed status (suspended, withdrawn or superseded); its certification body has not yet reviewed it")
				continue
			}
			// A code this version does not know (a newer service's): the
			// service flags the certificate (supplier_alerts is present
			// only while its certifier has not reviewed it), for a reason
			// not known here. Said as such, not as a supplier's change,
			// which the service did not say.
			fmt.Fprintf(stdout, "  - 服务答复了本程序不认识的提示 %q(可能来自较新版本的服务):本证书被标记为待复核,原因本程序无法说明;请查看该服务的验证页面,或向认证机构核实\n", a.Code)
			fmt.Fprintf(stdout, "    the service answered an alert this program does not know, %q (perhaps from a newer version of the service): the certificate is flagged for review, for a reason this program cannot tell; see the service's verification page, or ask the certification body\n", a.Code)
		}
		return bilingualError(fmt.Sprintf("证书 %s 被标记为待复核", c.Number), fmt.Sprintf("certificate %s is flagged", c.Number))
	}
	at := time.Now().UTC().Format(time.RFC3339)
	say(stdout, "VALID 有效", labels.Line{
		ZH: fmt.Sprintf("实时状态为%s，由 %s 于 %s 答复。", orWord(statusWordsZH(live), live.Status), base, at),
		EN: fmt.Sprintf("live status %s, from %s at %s.", live.describe(), base, at)})
	return nil
}

// shownNames returns a replacer writing each of names (paths) that holds a
// line break or another control character as labels.EscapeControls writes
// it, the path and its last element (the recomputation names a file so),
// or nil if none does.
func shownNames(names []string) *strings.Replacer {
	var pairs []string
	for _, n := range names {
		for _, n := range []string{n, filepath.Base(n)} {
			if e := labels.EscapeControls(n, ""); e != n {
				pairs = append(pairs, n, e)
			}
		}
	}
	if pairs == nil {
		return nil
	}
	return strings.NewReplacer(pairs...)
}

// nameWriter writes through names (shownNames): each Fprintf of the report
// quotes a name whole.
type nameWriter struct {
	names *strings.Replacer
	w     io.Writer
}

func (n nameWriter) Write(b []byte) (int, error) {
	if _, err := io.WriteString(n.w, n.names.Replace(string(b))); err != nil {
		return 0, err
	}
	return len(b), nil
}

// shownNameError is an error of pcf verify whose message quotes a file's
// name as shownNames writes it; errors.As still finds what it wraps (a
// usage error exits 2).
type shownNameError struct {
	msg string
	err error
}

func (e *shownNameError) Error() string { return e.msg }
func (e *shownNameError) Unwrap() error { return e.err }

// offlineKnown says, for a certificate c signed with key id and checked
// offline with keysFile, what the reader's record of known services (kb,
// at path; nil when the record is off or unread) knows of the key and
// what no one offline can know (rf56): the service remembered for the body published the key when
// last asked, with the marks it had then; whether it was reported
// compromised since, or the certificate suspended, withdrawn or
// superseded, only that service can answer. ok is false when there is
// nothing to say: the record off, not read (sayKnownServicesUnread says
// so), or holding no service for the body, where the keys file alone
// speaks for the key, as the lines before say (fin55 keeps a reader with
// no record yet free of words about it).
func offlineKnown(kb *knownBody, path string, id string) (labels.Line, bool) {
	if kb == nil || !slices.Contains(kb.Keys, id) {
		return labels.Line{}, false
	}
	at := kb.KeysAt.UTC().Format(time.RFC3339)
	markZH, markEN := "当时没有停用或泄露时间", "with no retired or compromised time then"
	switch i := slices.IndexFunc(kb.Marks, func(m knownKeyMark) bool { return m.ID == id }); {
	case kb.Marks == nil:
		markZH, markEN = "记录早于本版本，未记下它当时的停用或泄露时间", "though the record, older than this version, kept no retired or compromised time of it"
	case i >= 0 && kb.Marks[i].Compromised.IsZero():
		r := kb.Marks[i].Retired.Format(time.RFC3339)
		markZH, markEN = "当时已于 "+r+" 停用（不早于本证书的签发），没有泄露时间", "retired at "+r+" (not before the certificate's issue), with no compromised time then"
	}
	return labels.Line{
		ZH: fmt.Sprintf("已知：为认证机构 %s 答复的服务 %s 上次被查询时（%s，记于 %s）公布了密钥 %s，%s。未知：此后该密钥是否被报告泄露、本证书是否被暂停、撤销或替代，离线无从得知；请用 --server %s 查询。",
			kb.Names, kb.Service, at, path, id, markZH, kb.Service),
		EN: fmt.Sprintf("Known: the service %s, which answered for the certification body %s, published key %s when last asked (%s, recorded in %s), %s. Not known: whether the key has been reported compromised since, or the certificate suspended, withdrawn or superseded, which nothing offline can tell; ask --server %s.",
			kb.Service, kb.Names, id, at, path, markEN, kb.Service)}, true
}

// keyCondition says what the service's /v1/keys must say of a key for a
// certificate c it signed to be genuine, besides publishing it: a keys
// file saved before the service reported the key stolen, or edited, lacks
// the marks that refuse a thief's certificates, and the service publishes
// retired and compromised keys too (red team 45: the reader who looked the
// key up found it listed).
func keyCondition(c *certification.Certificate) string {
	return fmt.Sprintf(`with no "compromised" time, and no "retired" time before the certificate's issue, %s`, c.IssuedAt.UTC().Format(time.RFC3339))
}

// compromisedKey returns the key of keys a report's signature fails on
// because it was reported compromised, or nil.
func compromisedKey(rep *labels.Report, keys []certification.PublicKey) *certification.PublicKey {
	var verr *certification.VerifyError
	if !errors.As(rep.Signature, &verr) || verr.Reason != certification.VerifyKeyCompromised {
		return nil
	}
	for i := range keys {
		if keys[i].ID == verr.KeyID {
			return &keys[i]
		}
	}
	return nil
}

func orWord(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

// liveStatus is what GET /v1/certificates/{id}/verify answers.
type liveStatus struct {
	Status       string          `json:"status"`
	SupersededBy string          `json:"superseded_by"`
	Signed       json.RawMessage `json:"signed"`
	// SignatureValid is the server's own check of the record it holds:
	// false exactly when the status is signature_invalid (api.verifyJSON).
	SignatureValid *bool `json:"signature_valid"`

	// SupplierAlerts: a supplier certificate this one relies on changed
	// status, or the certificate it replaced was withdrawn (Number), and
	// its certifier has not acted yet.
	SupplierAlerts []struct {
		Code   string `json:"code"`
		Number string `json:"number"`
		AsOf   string `json:"as_of"`
		Key    string `json:"key"` // issuing_key_unvouched, status_key_unvouched and their _compromised: the API key it was issued, or its status set, with
	} `json:"supplier_alerts"`

	// The facts the answer lists beside the signed certificate: the
	// service's are those of the certificate it signs (statusAnswer).
	ID        string     `json:"id"`
	Number    string     `json:"number"`
	KeyID     string     `json:"key_id"`
	KgCO2e    *float64   `json:"kg_co2e"`
	IssuedAt  *time.Time `json:"issued_at"`
	ExpiresAt *time.Time `json:"expires_at"`

	held       *certification.SignedCertificate // Signed, read (statusAnswer)
	heldSigned bool                             // held verifies with the server's keys (statusAnswer)
	replacedBy string                           // the successor's number, when the server gives it
}

// keyIDs returns the IDs of keys.
func keyIDs(keys []certification.PublicKey) []string {
	ids := make([]string, len(keys))
	for i, k := range keys {
		ids[i] = k.ID
	}
	return ids
}

// printStatusKeyAlert words the alert status_key_unvouched: the latest
// suspension, reinstatement, withdrawal or review was made with API key key, a
// recovery key no former key of the body vouched for (red team 48).
func printStatusKeyAlert(stdout io.Writer, key string) {
	fmt.Fprintf(stdout, "  - 本证书最近一次状态变更(暂停、恢复、撤销、复核或被替代)使用 API 密钥 %s,该密钥由服务运营方在认证机构的全部密钥被撤销后创建,该机构此前的密钥尚未为其担保,该状态可能并非由该认证机构设定\n", key)
	fmt.Fprintf(stdout, "    its latest status change (suspension, reinstatement, withdrawal, review or replacement) was made with API key %s, which the service's operator made after every key of the certification body was revoked; no key the body held before has vouched for it, so the body may not have set this status\n", key)
}

// printCompromisedKeyAlert words the alerts issuing_key_compromised and
// status_key_compromised (code): the certificate was issued, or its latest
// status change made, with API key key at or after asOf, the time an admin
// reported the key compromised as of.
func printCompromisedKeyAlert(stdout io.Writer, code, key, asOf string) {
	if code == "issuing_key_compromised" {
		fmt.Fprintf(stdout, "  - 本证书以 API 密钥 %s 签发,签发时间在该密钥被报告泄露的时间(%s)之后,本证书可能并非由该认证机构签发\n", key, asOf)
		fmt.Fprintf(stdout, "    it was issued with API key %s after the time that key is reported compromised as of (%s): the certification body may not have issued it\n", key, asOf)
		return
	}
	fmt.Fprintf(stdout, "  - 本证书最近一次状态变更(暂停、恢复、撤销、复核或被替代)使用 API 密钥 %s,时间在该密钥被报告泄露的时间(%s)之后,该状态可能并非由该认证机构设定\n", key, asOf)
	fmt.Fprintf(stdout, "    its latest status change (suspension, reinstatement, withdrawal, review or replacement) was made with API key %s after the time that key is reported compromised as of (%s): the certification body may not have set this status\n", key, asOf)
}

// successorNumber looks up the number of the certificate that replaced
// this one, so that the report names it as the documents do: only a
// successor that signs, with one of the service's keys, that it replaces
// this certificate. An answer that is not the successor's (statusAnswer),
// or a certificate that does not say it replaces this one, named any
// certificate the answer liked the replacement (red team 52); the UUID
// is left alone then, as when the server does not answer.
func (l *liveStatus) successorNumber(ctx context.Context, base string, keys []certification.PublicKey) {
	id, err := uuid.Parse(l.SupersededBy)
	if err != nil || l.held == nil {
		return
	}
	body, err := fetch(ctx, base, certification.CertificateVerifyPath(id), "successor")
	if err != nil {
		return
	}
	s, err := statusAnswer(base, id, body, keys)
	if err != nil {
		return
	}
	if next := s.held; next.Certificate.Supersedes == l.held.Certificate.ID && s.heldSigned {
		l.replacedBy = next.Certificate.Number
	}
}

// statusWords are the statuses in Chinese and English.
var statusWords = map[string]string{
	"valid": "有效 valid", "suspended": "暂停 suspended", "withdrawn": "撤销 withdrawn",
	"superseded": "已被替代 superseded", "expired": "已过期 expired",
	"signature_invalid": "签名未通过验证 signature not verified (the server's record fails its own signature check)",
}

func (l *liveStatus) describe() string {
	s := orWord(statusWords[l.Status], l.Status)
	switch {
	case l.replacedBy != "":
		s += " (replaced by certificate " + l.SupersededBy + ", number " + l.replacedBy + ")"
	case l.SupersededBy != "":
		s += " (replaced by certificate " + l.SupersededBy + ")"
	}
	return s
}

// problems compares what the server holds with the file: the same signed
// certificate, and, with checkQR, a QR code that leads to this server (the
// QR code of a certificate that signs its address is held to that address
// by labels.VerifyPDF).
func (l *liveStatus) problems(rep *labels.Report, base string, checkQR bool) []labels.Line {
	var out []labels.Line
	if !l.holds(rep.Signed) && l.heldSigned { // the answer is of this certificate (statusAnswer): the server holds another it signed under its ID
		out = append(out, labels.Line{ZH: "文件中嵌入的签名内容不是服务器为本证书持有的那一份", EN: "the signed content embedded in the file is not the one the server holds for this certificate"})
	}
	c := rep.Signed.Certificate
	if u := rep.Document.VerifyURL; checkQR && u != "" && !isVerifyURL(u, base, c.ID) {
		want := base + certification.CertificateVerifyPath(c.ID)
		out = append(out, labels.Line{ZH: fmt.Sprintf("二维码指向 %s，而不是所查询的服务器（%s）：其验证页面为 %s", u, base, want),
			EN: fmt.Sprintf("the QR code leads to %s, not to the server asked (%s): its verification page is %s", u, base, want)})
	}
	return out
}

// plainlyValid reports whether the answer is valid with no alert: what
// VALID 有效 requires.
func (l *liveStatus) plainlyValid() bool {
	return l.Status == string(certification.CertificateValid) && len(l.SupplierAlerts) == 0
}

// holds reports whether the server's answer carries sc: the same signed
// content, signature and key.
func (l *liveStatus) holds(sc *certification.SignedCertificate) bool {
	held := l.held
	return held != nil && bytes.Equal(held.Content, sc.Content) && bytes.Equal(held.Signature, sc.Signature) && held.KeyID == sc.KeyID
}

// qrAddress returns the scheme, host and path of URL u (what a scan
// opens, without query or fragment), or u when it is not a URL.
func qrAddress(u string) string {
	if p, err := url.Parse(u); err == nil && p.Host != "" {
		return p.Scheme + "://" + p.Host + p.EscapedPath()
	}
	return u
}

// isVerifyURL reports whether u is exactly the verification page of
// certificate id on the server at base: the same scheme, host and port,
// and the path base's path followed by the certificate's verify path, with
// no query or fragment. Scheme and host compare case-insensitively, and a
// scheme's default port is the same as none.
func isVerifyURL(u, base string, id uuid.UUID) bool {
	a, err1 := url.Parse(u)
	b, err2 := url.Parse(strings.TrimRight(base, "/"))
	return err1 == nil && err2 == nil && sameOrigin(a, b) && a.EscapedPath() == b.EscapedPath()+certification.CertificateVerifyPath(id) &&
		a.RawQuery == "" && !a.ForceQuery && a.Fragment == "" && a.User == nil && a.Opaque == ""
}

// sameService reports whether the server at base is the service at
// signed, a certificate's verify_base: the same origin and path, however
// spelled (case, a default port, a trailing slash).
func sameService(base, signed string) bool {
	a, err1 := url.Parse(strings.TrimRight(base, "/"))
	b, err2 := url.Parse(strings.TrimRight(signed, "/"))
	return err1 == nil && err2 == nil && sameOrigin(a, b) && a.EscapedPath() == b.EscapedPath()
}

// sameOrigin compares scheme, host and port of two URLs as a browser
// does: case-insensitively, with a scheme's default port the same as none.
func sameOrigin(a, b *url.URL) bool {
	return strings.EqualFold(a.Scheme, b.Scheme) && strings.EqualFold(a.Hostname(), b.Hostname()) && effectivePort(a) == effectivePort(b)
}

// fetchStatus asks the server for a certificate's live status.
func fetchStatus(ctx context.Context, base string, id uuid.UUID, keys []certification.PublicKey) (*liveStatus, error) {
	body, err := fetch(ctx, base, certification.CertificateVerifyPath(id), "live status")
	if ua := (*unavailableError)(nil); errors.As(err, &ua) && ua.retryAfter > 0 && ua.retryAfter <= maxRetryAfter {
		// Asked to wait a moment (the public lookup budget refills at
		// ten a second): once, as a person would.
		select {
		case <-time.After(time.Duration(ua.retryAfter) * time.Second):
		case <-ctx.Done(): // interrupted while waiting: unknown, not forged
			return nil, &unavailableError{why: ctx.Err().Error()}
		}
		body, err = fetch(ctx, base, certification.CertificateVerifyPath(id), "live status")
	}
	var nf *notFoundError
	if errors.As(err, &nf) {
		return nil, &unknownCertificateError{base: base, id: id, restores: nf.restores}
	}
	if err != nil {
		return nil, err
	}
	return statusAnswer(base, id, body, keys)
}

// statusAnswer reads body, what the server at base, publishing keys,
// answered 200 to GET /v1/certificates/{id}/verify: the live status of
// certificate id, if it is that, or an *unavailableError saying what else
// it is. An answer that is not a verification result of the certificate
// (a page of a front or a captive portal, other JSON, a body cut short,
// the answer for another certificate, as a cache keyed on the wrong path
// gives, facts other than those of the signed certificate it carries, or
// a signed certificate none of keys signed, with a status other than
// signature_invalid) says nothing of the file, only that its live status
// is not known: a genuine file was NOT GENUINE, or VALID on an answer
// listing another certificate's facts (red team 52).
func statusAnswer(base string, id uuid.UUID, body []byte, keys []certification.PublicKey) (*liveStatus, error) {
	notResult := func(zh, en string) error {
		return &unavailableError{
			why:   fmt.Sprintf("live status: %s answered 200 OK with something other than a verification result of certificate %s: %s", base, id, en),
			whyZH: "其答复不是本证书的验证结果：" + zh}
	}
	var out struct {
		Data liveStatus `json:"data"`
	}
	if !json.Valid(body) {
		return nil, notResult("答复不是 JSON，或不完整", "the answer is not JSON, or not whole")
	}
	if err := json.Unmarshal(body, &out); err != nil {
		return nil, notResult("答复的结构不是验证结果", fmt.Sprintf("the answer is not shaped as one (%v)", err))
	}
	l := &out.Data
	switch {
	case l.Status == "":
		return nil, notResult("答复中没有状态", "the answer holds no status")
	case statusWords[l.Status] == "":
		return nil, notResult(fmt.Sprintf("状态 %q 不是认证服务会答复的状态", l.Status), fmt.Sprintf("status %q is not one the service answers", l.Status))
	}
	if zh, en := l.incoherent(); en != "" {
		return nil, notResult(zh, en)
	}
	held, err := certification.ParseSignedCertificate(l.Signed)
	if err != nil {
		zh, en, ok := cutBilingual(footprint.ErrorMessage(err))
		if !ok {
			zh, en = "（说明见英文）", footprint.ErrorMessage(err)
		}
		return nil, notResult("其中的签名证书无法读取："+zh, "its signed certificate cannot be read: "+en)
	}
	c := held.Certificate
	if c.ID != id {
		return nil, notResult(fmt.Sprintf("答复的是证书 %s（%s），而不是 %s", c.Number, c.ID, id), fmt.Sprintf("it answers for certificate %s (%s), not %s", c.Number, c.ID, id))
	}
	if zh, en := l.factsOtherThan(held); len(en) > 0 {
		return nil, notResult("其所列事实与其中的签名证书不符："+strings.Join(zh, "；"), "the facts it lists are not those of the signed certificate it carries: "+strings.Join(en, "; "))
	}
	// The service's answer carries the certificate as it signed it,
	// whatever became of the key since (certification.HeldKeys), or says
	// signature_invalid of a record that fails its own check (edited in
	// its database, its key lost): then the record, not the file, is
	// what is wrong.
	verr := certification.VerifyCertificate(held, certification.HeldKeys(keys))
	if verr != nil && l.Status != statusSignatureInvalid {
		zh, en := verifyErrorHalves(verr)
		return nil, notResult("其中的签名证书不能以该服务器公布的公钥验证："+zh, "its signed certificate does not verify with the keys the server publishes: "+en)
	}
	l.held, l.heldSigned = held, verr == nil
	return l, nil
}

// supersededStatuses are the statuses the service answers beside a
// superseded_by: a valid certificate becomes superseded when it is replaced,
// a withdrawn one stays withdrawn and links to its replacement, and a
// superseded one can only be withdrawn after (factordb supersede,
// certification.CertificateTransition: a suspended certificate is not
// superseded, and withdrawn and superseded are final); expired is never
// answered for either (Certificate.StatusAt); signature_invalid stands for
// any recorded status (recorded_status).
var supersededStatuses = []string{string(certification.CertificateSuperseded), string(certification.CertificateWithdrawn), statusSignatureInvalid}

// incoherent says, in Chinese and in English, how the answer l pairs its
// status with something the service never answers beside it ("" if it
// does not): a replacement named for a certificate that is valid,
// suspended or expired, or a signature_valid other than the one its
// status implies. Such an answer is not the service's, and a front giving
// "valid" with a replacement, or "valid" with its own check failed, had
// the file read VALID (red team 52's open ends).
func (l *liveStatus) incoherent() (zh, en string) {
	if l.SupersededBy != "" {
		if !slices.Contains(supersededStatuses, l.Status) {
			return fmt.Sprintf("它答复状态“%s”，又答复本证书由 %q 替代：认证服务只对已被替代或已撤销的证书给出替代证书", orWord(statusWords[l.Status], l.Status), l.SupersededBy),
				fmt.Sprintf("it answers status %s together with superseded_by %q: the service names a replacement only for a superseded or withdrawn certificate", l.Status, l.SupersededBy)
		}
		if id, err := uuid.Parse(l.SupersededBy); err != nil || id.String() != l.SupersededBy {
			return fmt.Sprintf("其 superseded_by %q 不是证书 ID", l.SupersededBy),
				fmt.Sprintf("its superseded_by %q is not a certificate ID", l.SupersededBy)
		}
	}
	if sv := l.SignatureValid; sv != nil && *sv != (l.Status != statusSignatureInvalid) {
		return fmt.Sprintf("它答复 signature_valid 为 %t，而状态为“%s”：认证服务仅在状态为 signature_invalid 时答复 false", *sv, orWord(statusWords[l.Status], l.Status)),
			fmt.Sprintf("it answers signature_valid %t with status %s: the service answers false exactly when the status is signature_invalid", *sv, l.Status)
	}
	return "", ""
}

// restoreLoss is a certificate that a server whose records were restored
// from a copy does not hold, signed as issued after the copy's end: the
// restore may have lost it, so its absence says nothing of the file (red
// team 52: every certificate issued in the lost window was NOT GENUINE).
type restoreLoss struct {
	end time.Time // the end of the copy whose restore may have lost it
	// last is the end of the copy the server was last restored from, as
	// its not_found says it; after end when an earlier restore lost it.
	last time.Time
	// at is when the service was first started on the records of the
	// restore before the last that may have lost it (restored_copies);
	// zero when the last may have.
	at time.Time
	// retired is the key that signs the file when its signature fails
	// only because a restore retired that key at the copy's end
	// (factordb: the key verifies what the copy holds and nothing after
	// it); nil when the signature verifies with the keys as published.
	retired *certification.PublicKey
	// taken is the certificate that has the file's number on the server
	// now, issued after end: the number was given out again after the
	// restore (numberTaken); nil when none is known.
	taken *certification.Certificate
}

// numberTaken asks the server, once, which certificate has c's number now,
// and keeps it (taken) when it is another certificate, issued after the
// copy's end, in an answer that is its verification result signed with a
// key the server publishes (statusAnswer). Red team 29: the restored
// service gives the lost certificates' numbers again, and a reader who
// looks the number up finds that other certificate, valid, as if it were
// the file's (red team 52's open end). Any other answer, or none, leaves
// the verdict's general caution.
func (l *restoreLoss) numberTaken(ctx context.Context, base string, c *certification.Certificate, keys []certification.PublicKey) {
	body, err := fetch(ctx, base, "/v1/certificates/by-number/"+url.PathEscape(c.Number)+"/verify", "certificate number")
	if err != nil {
		return
	}
	var out struct {
		Data struct {
			Signed json.RawMessage `json:"signed"`
		} `json:"data"`
	}
	if json.Unmarshal(body, &out) != nil {
		return
	}
	sc, err := certification.ParseSignedCertificate(out.Data.Signed)
	if err != nil || sc.Certificate.ID == c.ID {
		return
	}
	s, err := statusAnswer(base, sc.Certificate.ID, body, keys)
	if err != nil || !s.heldSigned || s.held.Certificate.Number != c.Number || !s.held.Certificate.IssuedAt.After(l.end) {
		return
	}
	l.taken = s.held.Certificate
}

// lostInRestore returns the restoreLoss of the file pdf (rep, checked
// against keys, the keys the server publishes) when the server answered
// its live status with a not_found naming the restores of its records
// (statusErr: restored_copies, oldest first), and the file is the
// service's document one of them may have lost: either signed with a key
// the server publishes, within the key's life, as issued after the last
// restore's copy end, the key not one the restored service made
// (keyOfRestoredService); or failing only because a restore retired its
// key (retiredBy), signed as issued after that restore's copy end and,
// for a restore before the last, up to the restore (the service had its
// next key then, and holds what that key signed). Nil otherwise: a certificate
// issued at or before the end of every restore's copy, in no restore's
// lost time, is one the records would hold (no write a copy lacks is
// dated at or before its end), and the not_found stands: never issued.
//
// The restores are the ones the service's records hold, as the not_found
// gives them; they were inferred from the keys' dates (a gap between a
// key's retirement and the next key's creation, red team 52) while the
// not_found named the last restore alone. A file signed with a key the
// server does not publish is none a restore lost, whatever date it
// claims: the restored records keep every key of the copy, and a key
// made in the lost time is not told from a forger's.
func lostInRestore(pdf []byte, rep *labels.Report, keys []certification.PublicKey, statusErr error) *restoreLoss {
	var unknown *unknownCertificateError
	if !errors.As(statusErr, &unknown) || len(unknown.restores) == 0 {
		return nil
	}
	restores := unknown.restores
	issued, last := rep.Signed.Certificate.IssuedAt, restores[len(restores)-1].CopyEnd
	if len(rep.Lines()) == 0 {
		// Signed with a key in use at the issue, after the last copy's
		// end (the last restore's time does not bound it: the service
		// the copy was taken of may have gone on after it). Not a key
		// the restored service made, created when the restore started
		// or since: it signed nothing the restore lost, and the
		// service's records hold all it issued (a leaked key's
		// forgery, dated after a restore, read as possibly lost while
		// one on a service never restored reads as never issued). The
		// copy's own key is retired at the copy's end (the retired
		// key's case, below), so a key the service had before the
		// restore verifies after that end only if an earlier version
		// retired it when the restore started; against a server naming
		// no restore time, which key is which cannot be told.
		if _, _, own := keyOfRestoredService(rep, keys, statusErr); own || !issued.After(last) {
			return nil
		}
		return &restoreLoss{end: last, last: last}
	}
	var verr *certification.VerifyError
	if !errors.As(rep.Signature, &verr) || verr.Reason != certification.VerifyKeyRetired {
		return nil
	}
	i := slices.IndexFunc(keys, func(k certification.PublicKey) bool { return k.ID == verr.KeyID })
	if i < 0 || !issued.After(keys[i].Retired) {
		return nil
	}
	var loss *restoreLoss
	for j, p := range restores {
		switch {
		case !retiredBy(keys, i, p):
		case j == len(restores)-1:
			loss = &restoreLoss{end: keys[i].Retired, last: last, retired: &keys[i]}
		case !issued.After(p.At):
			loss = &restoreLoss{end: keys[i].Retired, last: last, at: p.At, retired: &keys[i]}
		}
		if loss != nil {
			break
		}
	}
	if loss == nil {
		return nil // retired at no restore's copy end, or signed as issued after that restore
	}
	unretired := slices.Clone(keys)
	unretired[i].Retired = time.Time{}
	if again, err := labels.VerifyPDF(pdf, unretired); again == nil || err != nil || len(again.Lines()) > 0 {
		return nil
	}
	return loss
}

// keyOfRestoredService returns the key signing the file (rep, whose
// signature verifies with keys) when the server's not_found (statusErr)
// names its last restore's time and the key was created then or since
// (to the second: the restore's key is created in the second it starts),
// with that time: the restored service made it, so nothing it signed is
// what the restore lost. False otherwise, and against a server naming no
// restore time (an older one), where it cannot be told.
func keyOfRestoredService(rep *labels.Report, keys []certification.PublicKey, statusErr error) (certification.PublicKey, time.Time, bool) {
	var unknown *unknownCertificateError
	if len(rep.Lines()) > 0 || !errors.As(statusErr, &unknown) || len(unknown.restores) == 0 {
		return certification.PublicKey{}, time.Time{}, false
	}
	at := unknown.restores[len(unknown.restores)-1].At
	i := slices.IndexFunc(keys, func(k certification.PublicKey) bool { return k.ID == rep.Signed.KeyID })
	if i < 0 || at.IsZero() || keys[i].Created.Before(at.Truncate(time.Second)) {
		return certification.PublicKey{}, time.Time{}, false
	}
	return keys[i], at, true
}

// retiredBy reports whether keys[i], a retired key, is the one restore p
// retired: the key its copy signed with, which the restore retires at the
// copy's end, to the second (factordb replaceRestoredKey). A rotation or a
// compromise report retires a key in the second it creates the next one:
// a key retired in the second another key was created was retired by one
// (the copy ended in that second too, and the key it signed with is that
// other key), unless the other may be the restore's own new key, created
// when it started, in the same second.
func retiredBy(keys []certification.PublicKey, i int, p certification.RestoredCopy) bool {
	r := keys[i].Retired
	if !sameSecond(r, p.CopyEnd) {
		return false
	}
	if sameSecond(p.At, r) {
		return true
	}
	return !slices.ContainsFunc(keys, func(k certification.PublicKey) bool { return k.ID != keys[i].ID && sameSecond(k.Created, r) })
}

// sameSecond reports whether a and b are in the same second: retirement
// and creation times are whole seconds.
func sameSecond(a, b time.Time) bool { return a.Truncate(time.Second).Equal(b.Truncate(time.Second)) }

// keyLine says that the key signing the file was retired by the restore.
func (l *restoreLoss) keyLine(base string) labels.Line {
	at := l.end.UTC().Format(time.RFC3339)
	return labels.Line{
		ZH: fmt.Sprintf("签名以 %s 公布的密钥 %s 计算无误，但证书签名的签发时间晚于该密钥的停用时间 %s：该服务从截至该时间的备份副本恢复时停用了它，此后该密钥所签的内容不再由该服务担保（见下文）；以下各行是文件所载、以该密钥签署的内容",
			base, l.retired.ID, at),
		EN: fmt.Sprintf("the signature is sound with key %s, which %s publishes, but the certificate is signed as issued after the key's retirement at %s: the service retired it when it restored its records from a copy ending then, and no longer vouches for what the key signed after (below); the lines below are what the file holds, signed with that key",
			l.retired.ID, base, at)}
}

// lines are the LIVE STATUS UNKNOWN verdict's on certificate c, which the
// server base, restored from a copy, does not hold.
func (l *restoreLoss) lines(c *certification.Certificate, base string) []labels.Line {
	at, issued := l.end.UTC().Format(time.RFC3339), c.IssuedAt.UTC().Format(time.RFC3339)
	out := []labels.Line{{
		ZH: fmt.Sprintf("%s 的记录中没有本证书：其记录已从截至 %s 的备份副本恢复，而本证书签名的签发时间（%s）晚于此时，恢复可能丢失了它；它的缺失并不说明本文件是伪造的。", base, at, issued),
		EN: fmt.Sprintf("%s holds no record of this certificate: its records were restored from a copy ending at %s, and the certificate is signed as issued at %s, after that, so the restore may have lost it; its absence does not make this file a forgery.", base, at, issued)}}
	if !l.at.IsZero() {
		last, restoredAt := l.last.UTC().Format(time.RFC3339), l.at.UTC().Format(time.RFC3339)
		out[0] = labels.Line{
			ZH: fmt.Sprintf("%s 的记录中没有本证书：其记录最近一次从截至 %s 的备份副本恢复；在此之前还曾于 %s 从截至 %s 的备份副本恢复，其间记录的内容都不在恢复后的记录中。本证书签名的签发时间（%s）在这两个时间之间，那次恢复可能丢失了它；它的缺失并不说明本文件是伪造的。",
				base, last, restoredAt, at, issued),
			EN: fmt.Sprintf("%s holds no record of this certificate: its records were last restored from a copy ending at %s, and restored before that, at %s, from a copy ending at %s, which lost what the service recorded between the two; the certificate is signed as issued at %s, between them, so that restore may have lost it; its absence does not make this file a forgery.",
				base, last, restoredAt, at, issued)}
	}
	if l.retired != nil {
		out = append(out, labels.Line{
			ZH: fmt.Sprintf("签名密钥 %s 已在恢复时停用于 %s：本文件可能是该服务签发后又因恢复而丢失的证书，也可能是在服务之外以该密钥签署的。", l.retired.ID, at),
			EN: fmt.Sprintf("The signing key %s was retired at %s by the restore: this may be a certificate the service issued and then lost in the restore, or one signed with that key outside the service.", l.retired.ID, at)})
	}
	// Red team 29: the restored service gives numbers again, so the
	// number may now be another certificate's. Whatever a lookup by it
	// shows is not this file.
	if t := l.taken; t != nil {
		out = append(out, labels.Line{
			ZH: fmt.Sprintf("编号 %s 在恢复之后已被重新发放：%s 现以该编号持有另一份证书 %s（签发于 %s，晚于 %s），按编号查询看到的是它；它不是本文件所载的证书。", c.Number, base, t.ID, t.IssuedAt.UTC().Format(time.RFC3339), at),
			EN: fmt.Sprintf("The number %s was given out again after the restore: %s now holds another certificate under it, %s (issued at %s, after %s), which a lookup by the number shows; it is not the certificate of this file.", c.Number, base, t.ID, t.IssuedAt.UTC().Format(time.RFC3339), at)})
	} else {
		out = append(out, labels.Line{
			ZH: fmt.Sprintf("恢复之后证书编号会被重新发放：本证书的编号 %s 可能已属于另一份证书；按编号查询若得到另一份证书（其 ID 不是 %s），那不是本文件所载的证书。", c.Number, c.ID),
			EN: fmt.Sprintf("Numbers are given out again after a restore: this certificate's number, %s, may now be another certificate's; a lookup by that number that shows another certificate (whose ID is not %s) is not the certificate of this file.", c.Number, c.ID)})
	}
	names := certifierNames(c)
	return append(out, labels.Line{
		ZH: fmt.Sprintf("不知道本证书是否由该服务签发、现在是否有效：请向认证机构 %s 核实，核实之前请勿依赖本证书。", names),
		EN: fmt.Sprintf("Whether the service issued it, and whether it is valid now, is not known: ask the certification body %s, and do not rely on it until then.", names)})
}

// statusSignatureInvalid is the status the service answers for a record
// that fails its own signature check (api.StatusSignatureInvalid).
const statusSignatureInvalid = "signature_invalid"

// verifyErrorHalves returns err, an error of certification.VerifyCertificate,
// in Chinese and in English.
func verifyErrorHalves(err error) (zh, en string) {
	var verr *certification.VerifyError
	if errors.As(err, &verr) && verr.MessageZH != "" {
		return verr.MessageZH, footprint.ErrorMessage(err)
	}
	return "（说明见英文）", footprint.ErrorMessage(err)
}

// factsOtherThan returns each fact the answer lists (those it lists: a
// stand-in may list none) that is not sc's, in Chinese and in English
// ("field answered, not signed").
func (l *liveStatus) factsOtherThan(sc *certification.SignedCertificate) (zh, en []string) {
	c := sc.Certificate
	differ := func(field string, answered, signed any) {
		zh = append(zh, fmt.Sprintf("%s 答复为 %v，签名为 %v", field, answered, signed))
		en = append(en, fmt.Sprintf("%s %v, not %v", field, answered, signed))
	}
	if id, err := uuid.Parse(l.ID); l.ID != "" && (err != nil || id != c.ID) {
		differ("id", l.ID, c.ID)
	}
	if l.Number != "" && l.Number != c.Number {
		differ("number", l.Number, c.Number)
	}
	if l.KeyID != "" && l.KeyID != sc.KeyID {
		differ("key_id", l.KeyID, sc.KeyID)
	}
	if l.KgCO2e != nil && *l.KgCO2e != c.KgCO2e {
		differ("kg_co2e", *l.KgCO2e, c.KgCO2e)
	}
	if l.IssuedAt != nil && !l.IssuedAt.Equal(c.IssuedAt) {
		differ("issued_at", l.IssuedAt.UTC().Format(time.RFC3339), c.IssuedAt.UTC().Format(time.RFC3339))
	}
	if l.ExpiresAt != nil && !l.ExpiresAt.Equal(c.ExpiresAt) {
		differ("expires_at", l.ExpiresAt.UTC().Format(time.RFC3339), c.ExpiresAt.UTC().Format(time.RFC3339))
	}
	return zh, en
}

// expiryClockSlack is how far the verifier's clock may be ahead of the
// service's before a document printing "expired" within its signed
// validity is called not genuine.
const expiryClockSlack = 24 * time.Hour

// maxRetryAfter is the longest Retry-After, in seconds, fetchStatus waits
// for before asking once more.
const maxRetryAfter = 5

// unavailableError is a server that did not answer a request (refused,
// timed out, rate-limited, 5xx): it says nothing of the file checked.
type unavailableError struct {
	why        string
	whyZH      string // why in Chinese, where pcf verify can say it; "" if not
	retryAfter int    // seconds, from Retry-After; 0 if none
}

func (e *unavailableError) Error() string { return e.why }

// retry says when to try again, if the server said.
func (e *unavailableError) retry() string {
	if e.retryAfter > 0 {
		return fmt.Sprintf(" (the server asks for %d s)", e.retryAfter)
	}
	return ""
}

// becauseZH says why in Chinese, in brackets, if it can.
func (e *unavailableError) becauseZH() string {
	if e.whyZH != "" {
		return "（" + e.whyZH + "）"
	}
	return ""
}

// retryZH is retry in Chinese.
func (e *unavailableError) retryZH() string {
	if e.retryAfter > 0 {
		return fmt.Sprintf("（服务器要求等待 %d 秒）", e.retryAfter)
	}
	return ""
}

// unknownCertificateError is a server that does not know a certificate.
type unknownCertificateError struct {
	base string
	id   uuid.UUID
	// restores are the restores of its records the server names, oldest
	// first (serviceNotFound); none if it names none.
	restores []certification.RestoredCopy
}

func (e *unknownCertificateError) Error() string {
	return fmt.Sprintf("the server %s does not know certificate %s", e.base, e.id)
}

type notFoundError struct {
	what     string
	restores []certification.RestoredCopy // the restores the answer names, oldest first (serviceNotFound)
}

func (e *notFoundError) Error() string { return e.what + ": not found" }

// verifyClient is the HTTP client of pcf verify's requests to --server:
// it follows a redirect only within the address asked (the same scheme,
// host and port) or from http to https on the same host, and no other.
// The report names the address given as the one that answered, and the
// record of known services keeps it as the body's service; a redirect (a
// compromised front, a registrar's URL forwarding, an open redirect of the
// service's host) handed the keys and the live status to whatever address
// it named, a look-alike publishing its own keys and answering valid, and
// the report said GENUINE and VALID "from" the address given (red team
// 89). The service itself answers these requests without redirecting;
// api.pactClient follows none either.
var verifyClient = &http.Client{CheckRedirect: func(req *http.Request, via []*http.Request) error {
	if len(via) >= 10 {
		return errors.New("stopped after 10 redirects")
	}
	if !followRedirect(via[0].URL, req.URL) {
		return http.ErrUseLastResponse // answered as a redirect: redirectError
	}
	return nil
}}

// followRedirect reports whether pcf verify follows a redirect of a
// request to from on to to: the same origin (another path of the same
// server), or the same host upgraded from http on its default port to
// https on its default port (TLS then proves the same host name). Another
// host, another port, or https down to http is another server.
func followRedirect(from, to *url.URL) bool {
	if to.User != nil {
		return false
	}
	if sameOrigin(from, to) {
		return true
	}
	return strings.EqualFold(from.Scheme, "http") && strings.EqualFold(to.Scheme, "https") && strings.EqualFold(from.Hostname(), to.Hostname()) &&
		effectivePort(from) == "80" && effectivePort(to) == "443"
}

// redirectError is a server that answered a request of pcf verify with a
// redirect to another server, which pcf verify does not follow
// (verifyClient).
type redirectError struct {
	base, path string // the server asked and the path of the request
	what       string // what was asked for: "public keys", "live status", "successor"
	status     int
	to         string // where it was sent, resolved against the request; quoted if not a URL
}

// fetchWhatZH is what fetch asks for, in Chinese.
var fetchWhatZH = map[string]string{"public keys": "公钥", "live status": "实时状态", "successor": "替代证书"}

func (e *redirectError) Error() string {
	l := e.line()
	return l.ZH + "。" + l.EN
}

// line says what the server did and what to do, in Chinese and English.
// The address it was sent to is never given as the --server to use: a
// look-alike is where the redirect wants the reader (red team 45's
// advice); the service's own pages print its address.
func (e *redirectError) line() labels.Line {
	return labels.Line{
		ZH: fmt.Sprintf("%s 对%s查询的答复是重定向（%d）到另一台服务器 %s：pcf verify 不跟随到其他服务器的重定向，答复的必须是所给的地址本身（重定向可能把查询交给仿冒的服务，而报告仍会写成由 %[1]s 答复）；请用 --server URL（你所知道的认证服务地址，而不是服务器把你转去的地址）验证",
			e.base, orWord(fetchWhatZH[e.what], e.what), e.status, e.to),
		EN: fmt.Sprintf("%s answered the request for %s with a redirect (%d) to another server, %s: pcf verify follows no redirect to another server, so that what answers is the address given (a redirect can hand the check to a look-alike service while the report names %[1]s); verify with --server URL, the certification service's address as you know it, not the address a server sends you to",
			e.base, e.what, e.status, e.to)}
}

// signedRedirectsTo reports whether the address certificate c signs
// answers its verification with a redirect to the same request on the
// server at base: a service that moved there.
func signedRedirectsTo(ctx context.Context, c *certification.Certificate, base string) bool {
	path := certification.CertificateVerifyPath(c.ID)
	_, err := fetch(ctx, strings.TrimRight(c.VerifyBase, "/"), path, "live status")
	var r *redirectError
	if !errors.As(err, &r) {
		return false
	}
	to, ok := strings.CutSuffix(r.to, path)
	return ok && sameService(to, base)
}

// effectivePort is the port of u, its scheme's default port if none.
func effectivePort(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	return map[string]string{"http": "80", "https": "443"}[strings.ToLower(u.Scheme)]
}

// short is the error of a verification that stopped at the redirect, the
// report having said the rest.
func (e *redirectError) short() error {
	return &wrapError{fmt.Sprintf("%s 把%s查询重定向到另一台服务器 %s，未跟随。%[1]s redirected the request for %[4]s to another server, %[3]s: not followed",
		e.base, orWord(fetchWhatZH[e.what], e.what), e.to, e.what), e}
}

// sayRedirected reports a request pcf verify did not follow: NOT VERIFIED,
// the file being neither genuine nor forged for it.
func sayRedirected(w io.Writer, e *redirectError) {
	say(w, "NOT VERIFIED 未能验证", e.line())
}

// fetch GETs a JSON document, path on the server at base, following no
// redirect (verifyClient).
func fetch(ctx context.Context, base, path, what string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	u := base + path
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := verifyClient.Do(req)
	if err != nil {
		return nil, &unavailableError{why: fmt.Sprintf("fetch %s: %v", what, err)}
	}
	defer resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther, http.StatusTemporaryRedirect, http.StatusPermanentRedirect: // what Go follows
		to := strconv.Quote(resp.Header.Get("Location"))
		if loc, err := resp.Location(); err == nil {
			to = loc.String()
		}
		return nil, &redirectError{base: base, path: path, what: what, status: resp.StatusCode, to: to}
	}
	// An answer cut off, larger than any the service gives, or other
	// than 200 and the service's own 404 says nothing of the file: a
	// genuine file was NOT GENUINE for each (red team 52, as red team 21
	// for a busy server).
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer+1))
	switch {
	case err != nil:
		return nil, &unavailableError{why: fmt.Sprintf("fetch %s: %s: the answer was cut off: %v", what, u, err), whyZH: "答复中断"}
	case len(body) > maxAnswer:
		return nil, &unavailableError{why: fmt.Sprintf("fetch %s: %s answered more than 1 MiB, larger than any answer of the service", what, u), whyZH: "答复超过 1 MiB，大于认证服务的任何答复"}
	case resp.StatusCode == http.StatusNotFound:
		if nf := serviceNotFound(what, body); nf != nil {
			return nil, nf
		}
		// A front's or a proxy's page: the service answers an ID it
		// does not know with its JSON error, not_found.
		return nil, &unavailableError{why: fmt.Sprintf("fetch %s: %s answered %s, not the service's not-found answer", what, u, resp.Status),
			whyZH: fmt.Sprintf("其 %s 答复不是认证服务的“未找到”答复", resp.Status)}
	case resp.StatusCode != http.StatusOK:
		// Refused (429, 5xx, or 400, 401, 403 from a front or the lookup
		// limiter that cannot identify the client), or a 204 or 304 of a
		// front: it says nothing of the file; a genuine file was NOT
		// GENUINE for a 403 (red team 89, as red team 21 for a busy
		// server).
		retry, _ := strconv.Atoi(resp.Header.Get("Retry-After"))
		return nil, &unavailableError{why: fmt.Sprintf("fetch %s: %s answered %s", what, u, resp.Status), whyZH: "答复状态为 " + resp.Status, retryAfter: retry}
	}
	return body, nil
}

// maxAnswer is the largest answer, in bytes, pcf verify reads from a
// server: the service's largest, a certificate's verify answer, is some
// 8 kB for the demo PV module's.
const maxAnswer = 1 << 20

// serviceNotFound reads body, a 404 answer to a request for what: the
// service's own answer for something it does not hold (its JSON error,
// code not_found) as a *notFoundError, with the restores of its records
// it names (restoredCopies); nil for any other body, a front's or a
// proxy's page.
func serviceNotFound(what string, body []byte) *notFoundError {
	var out struct {
		Error struct {
			Code            string          `json:"code"`
			RestoredCopyEnd string          `json:"restored_copy_end"`
			RestoredCopies  json.RawMessage `json:"restored_copies"`
		} `json:"error"`
	}
	if json.Unmarshal(body, &out) != nil || out.Error.Code != footprint.ENOTFOUND {
		return nil
	}
	return &notFoundError{what: what, restores: restoredCopies(out.Error.RestoredCopyEnd, out.Error.RestoredCopies)}
}

// restoredCopies returns the restores a not_found names, oldest first:
// copies, its restored_copies (api.RestoredCopyJSON), when they read and
// the last ends where end, its restored_copy_end, says (when it says one).
// A server that names end alone, one older than restored_copies (whose
// not_found named the last restore only), gives that restore, its time
// unknown: against it a certificate an earlier restore lost reads as
// never issued, as its not_found says. The gap in the keys' dates that
// stood in for the earlier restores is not kept for it: no such server
// was released (restored_copies came the same day, session 54), and the
// records' own answer replaced the inference. Nothing when neither
// reads: the not_found stands, as a service never restored answers it (a
// body that does not read is not taken for a restore, which would make
// an absence unknown instead of a forgery).
func restoredCopies(end string, copies json.RawMessage) []certification.RestoredCopy {
	last, err := time.Parse(time.RFC3339, end)
	if err != nil {
		last = time.Time{} // says none, or none that reads
	}
	var list []api.RestoredCopyJSON
	if json.Unmarshal(copies, &list) == nil && len(list) > 0 &&
		!slices.ContainsFunc(list, func(p api.RestoredCopyJSON) bool { return p.CopyEnd.IsZero() }) &&
		(end == "" || sameSecond(list[len(list)-1].CopyEnd, last)) {
		out := make([]certification.RestoredCopy, len(list))
		for i, p := range list {
			out[i] = p.RestoredCopy()
		}
		return out
	}
	if last.IsZero() {
		return nil
	}
	return []certification.RestoredCopy{{CopyEnd: last}}
}

// printUseScenario prints the use-stage scenario a format-6 certificate
// signs, as its documents print it: the lifetime and annual energy move an
// electrical product's figure most (red team 42). A certificate of an
// earlier format signs none and prints as it did.
func printUseScenario(w io.Writer, c *certification.Certificate) {
	switch zh, en := c.PrintedUseScenario(); {
	case zh != "":
		field(w, "使用阶段", "use", zh+" / "+en)
	case c.Format >= 6:
		field(w, "使用阶段", "use", "无使用阶段 no use stage")
	}
}

// printCredits prints the recycling credits a format-7 certificate signs,
// as its documents print them: apart from the footprint, which they are
// not netted into.
func printCredits(w io.Writer, c *certification.Certificate) {
	if c.CreditsKgCO2e < 0 {
		field(w, "回收抵扣", "credits", fmt.Sprintf("回收抵扣 %s kgCO2e，单独报告，未计入总量 / recycling credits, reported separately, not included in the footprint", labels.FormatKgCO2e(c.CreditsKgCO2e)))
	}
}

// printQuality prints the DQR of c as its documents print it, with the
// share of the total it covers where c signs it (format 5): a DQR rates
// the rated lines only, and one small well-rated line rated a footprint
// "excellent" (red team 8).
func printQuality(w io.Writer, c *certification.Certificate) {
	switch {
	case c.DQR <= 0:
		field(w, "数据质量", "quality", "DQR 未评级 not rated")
	case c.Format >= 5:
		field(w, "数据质量", "quality", c.PrintedDQR())
	default:
		field(w, "数据质量", "quality", c.PrintedDQR(), labels.Line{
			ZH: fmt.Sprintf("（它覆盖总量的份额未经签名：%s 之前的证书不签署它，该 DQR 可能只评价了碳足迹的一小部分）", certification.CertificateFormat5),
			EN: fmt.Sprintf("(the share of the total it covers is not signed: certificates before %s do not sign it, and the DQR may rate a small part of the footprint only)", certification.CertificateFormat5)})
	}
}

// plainHTTPElsewhere reports whether u is plain http to a host other than
// this machine (localhost, a loopback or unspecified address).
func plainHTTPElsewhere(u *url.URL) bool {
	if u.Scheme != "http" {
		return false
	}
	host := u.Hostname()
	if ip := net.ParseIP(host); ip != nil {
		return !ip.IsLoopback() && !ip.IsUnspecified()
	}
	return !strings.EqualFold(host, "localhost")
}

// labelWidth is the display width of the summary's column of labels
// ("产品 product", "页面字段 page field"): its values start past it.
const labelWidth = 21

// field prints a line of the summary: its label in Chinese and in English,
// padded to labelWidth in display width (a Chinese character takes two
// columns of a terminal), and its value; then each note under the value,
// in Chinese and then in English.
func field(w io.Writer, zh, en, value string, notes ...labels.Line) {
	fieldAt(w, 2, zh, en, value, notes...)
}

// fieldAt is field with the label indented by indent spaces. A note's empty
// Chinese (the value was said in Chinese) is not printed.
func fieldAt(w io.Writer, indent int, zh, en, value string, notes ...labels.Line) {
	label := zh + " " + en
	fmt.Fprintf(w, "%s%s%s%s\n", strings.Repeat(" ", indent), label, strings.Repeat(" ", max(1, labelWidth-tabular.TextWidth(label))), value)
	pad := strings.Repeat(" ", indent+max(labelWidth, tabular.TextWidth(label)+1))
	for _, n := range notes {
		if n.ZH != "" {
			fmt.Fprintf(w, "%s%s\n", pad, n.ZH)
		}
		fmt.Fprintf(w, "%s%s\n", pad, n.EN)
	}
}

// say prints a verdict (label, "VALID 有效") and what it says, each
// sentence in Chinese and then in English: the first Chinese on the
// label's line, every other line indented under the label.
// refuseOtherService says NOT VERIFIED, and returns the error, for the
// certificate c in file, signed with a key base publishes, of a body the
// record of known services at path (its entries) remembers o, another
// service, for: one of the two is not the certification service (red team
// 86). answered says whether base answered for the certificate's live
// status; a look-alike that does not is refused the same way (red team 89).
func refuseOtherService(stdout io.Writer, file string, c *certification.Certificate, o *knownBody, path, base string, entries []string, answered bool) error {
	names := certifierNames(c)
	howZH, howEN := "、由它答复", " and answered for by it"
	if !answered {
		howZH, howEN = "，而它未答复本证书的实时状态", ", and it did not answer for its live status"
	}
	say(stdout, "NOT VERIFIED 未能验证",
		labels.Line{ZH: fmt.Sprintf("本证书的认证机构为 %s（批准号 %s）；此前核验认证机构 %s（批准号 %s）的证书时，答复的服务是 %s（%s 核验证书 %s 时记入 %s）；本证书却以 %s 公布的密钥签名%s：两者之一不是认证服务，可能是仿冒的地址。请向认证机构核实其服务地址。",
			names, c.Certifier.ApprovalNumber, o.Names, o.Approval, o.Service, o.Recorded.Format(time.RFC3339), o.Certificate, path, base, howZH),
			EN: fmt.Sprintf("the certificate names the certification body %s (approval No. %s); certificates of the body %s (approval No. %s) were answered for by %s before (recorded in %s at %s, certificate %s); this one is signed with a key %s publishes%s: one of the two is not the certification service, and may be a look-alike address. Ask the certification body for its service's address.",
				names, c.Certifier.ApprovalNumber, o.Names, o.Approval, o.Service, path, o.Recorded.Format(time.RFC3339), o.Certificate, base, howEN)},
		labels.Line{ZH: fmt.Sprintf("若认证服务确已迁至 %s，或此前记入的 %s 不是你所知道的认证服务地址（记录是首次使用即信任），请从 %s 中删去该机构的各项记录（%s）后再核验。", base, o.Service, path, strings.Join(entries, ", ")),
			EN: fmt.Sprintf("If the certification service has moved to %s, or %s, recorded before, is not the service's address as you know it (the record trusts the first to answer), remove the body's entries (%s) from %s and verify again.", base, o.Service, strings.Join(entries, ", "), path)})
	return bilingualError(fmt.Sprintf("%s：认证机构 %s 的证书此前由 %s 答复，而不是 %s", file, names, o.Service, base),
		fmt.Sprintf("%s: certificates of body %s were answered for by %s before, not %s", file, names, o.Service, base))
}

func say(w io.Writer, label string, lines ...labels.Line) {
	pad := strings.Repeat(" ", len(label)-len(strings.TrimLeft(label, " "))+2)
	for i, l := range lines {
		if i == 0 {
			fmt.Fprintf(w, "%s: %s\n", label, l.ZH)
		} else {
			fmt.Fprintf(w, "%s%s\n", pad, l.ZH)
		}
		fmt.Fprintf(w, "%s%s\n", pad, l.EN)
	}
}

// bilingualError is an error of pcf verify in Chinese and in English, the
// Chinese first: "中文。English".
func bilingualError(zh, en string) error { return errors.New(zh + "。" + en) }

// keyConditionZH is keyCondition in Chinese.
func keyConditionZH(c *certification.Certificate) string {
	return fmt.Sprintf(`且其没有 "compromised"（泄露）时间、也没有早于证书签发时间 %s 的 "retired"（停用）时间`, c.IssuedAt.UTC().Format(time.RFC3339))
}

// printItems prints the lines of a list under a verdict: each in Chinese,
// then in English on the next line.
func printItems(w io.Writer, lines []labels.Line) {
	for _, l := range lines {
		fmt.Fprintln(w, "  -", l.ZH)
		fmt.Fprintln(w, "   ", l.EN)
	}
}

// notCheckedLine is the first sentence of LIVE STATUS NOT CHECKED, the
// Chinese ending in end.
func notCheckedLine(end string) labels.Line {
	return labels.Line{
		ZH: "本次为离线验证，不知道证书此后是否已被暂停、撤销或替代（它在签名的有效期内）。请用 --server URL（你所知道的认证服务地址）查询" + end,
		EN: "verified offline, so whether the certificate has since been suspended, withdrawn or superseded is not known (it is within its signed validity). Check it with --server URL, the certification service's address as you know it."}
}

// statusWordsZH is the live status in Chinese, with the certificate that
// replaced it.
func statusWordsZH(l *liveStatus) string {
	zh, _, _ := strings.Cut(statusWords[l.Status], " ")
	switch {
	case zh == "":
		return ""
	case l.replacedBy != "":
		zh += fmt.Sprintf("（由证书 %s 替代，编号 %s）", l.SupersededBy, l.replacedBy)
	case l.SupersededBy != "":
		zh += fmt.Sprintf("（由证书 %s 替代）", l.SupersededBy)
	}
	return zh
}

// liveUnknownError is the error of a verification whose live status the
// server base did not answer.
func liveUnknownError(c *certification.Certificate, base string) error {
	return bilingualError(fmt.Sprintf("未能从 %s 取得证书 %s 的实时状态", base, c.Number),
		fmt.Sprintf("the live status of certificate %s could not be fetched from %s", c.Number, base))
}

// expiredError is the error of a verification of an expired certificate.
func expiredError(c *certification.Certificate) error {
	return bilingualError(fmt.Sprintf("证书 %s 已于 %s 过期", c.Number, labels.FormatDate(c.ExpiresAt)),
		fmt.Sprintf("certificate %s expired on %s", c.Number, labels.FormatDate(c.ExpiresAt)))
}

// wrapError is an error of pcf verify in Chinese and in English
// (bilingualError) that wraps the error it reports.
type wrapError struct {
	msg string
	err error
}

func (e *wrapError) Error() string { return e.msg }
func (e *wrapError) Unwrap() error { return e.err }

// wrapBilingual says err after zh and en: "zh中文。enEnglish" for an error in
// both languages, else "zh：英文说明见后。en" followed by its English
// (an error of the system or of a server, in English only).
func wrapBilingual(zh, en string, err error) error {
	if z, e, ok := cutBilingual(err.Error()); ok {
		return &wrapError{zh + z + "。" + en + e, err}
	}
	return &wrapError{strings.TrimSuffix(zh, "：") + "（说明见英文）。" + en + err.Error(), err}
}

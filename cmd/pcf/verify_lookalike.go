package main

import (
	"fmt"
	"io"
	"maps"
	"net"
	"net/url"
	"slices"
	"sort"
	"strings"
	"time"

	"golang.org/x/net/idna"
	"golang.org/x/net/publicsuffix"
	"golang.org/x/text/unicode/norm"

	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/labels"
)

// A look-alike host (rf56, session 56): a forger who names a certification
// body of its own (other names, another approval number) is a first use
// for every reader, and the record of known services, which is kept by
// body, has nothing to compare it with. Its service's host, though, is
// chosen to pass for the genuine one: one character off ("pcf.chengdu-gov"
// for "pcf.chengdu.gov", "pcf.chengdv" for "pcf.chengdu"), or a character a
// reader takes for another (1 for l, 0 for o, rn for m). A host so near a
// service the reader's record holds, and not that service, is far likelier
// a look-alike than a second certification service a character away: pcf
// verify does not call its certificates genuine, online or offline.

// hostSkeleton folds what a reader takes for the same in a host: the
// digits that pass for letters, letter pairs that pass for one letter, and
// a hyphen or an underscore for a dot.
var hostSkeleton = strings.NewReplacer("rn", "m", "vv", "w", "cl", "d", "0", "o", "1", "l", "i", "l", "5", "s", "-", ".", "_", ".")

// hostName returns the host of URL u in lower case, without its port or a
// trailing dot; "" if u has none or its host is an IP address, which no
// one registers as a look-alike name.
func hostName(u string) string {
	if h := urlHost(u); net.ParseIP(h) == nil {
		return h
	}
	return ""
}

// urlHost returns the host of URL u in lower case, without its port or a
// trailing dot, an IP address too; "" if u has none.
func urlHost(u string) string {
	p, err := url.Parse(strings.TrimSpace(u))
	if err != nil {
		return ""
	}
	return strings.TrimSuffix(strings.ToLower(p.Hostname()), ".")
}

// readAs returns host h as a reader reads it (reviewer 56b): its
// punycode labels ("xn--") decoded, compatibility forms folded (NFKC:
// fullwidth ｅ is e), and letters of other scripts drawn as Latin ones
// (Cyrillic а е о р с у х і ј ѕ һ ԁ ԛ ԝ, Greek ο α ν ι κ ρ υ) written as
// those. A forger's "pcf.exаmple.cn" with a Cyrillic а, or its punycode,
// was several bytes from the genuine host and not a look-alike.
func readAs(h string) string {
	if u, err := idna.ToUnicode(h); err == nil {
		h = u
	}
	return latinLookAlike.Replace(norm.NFKC.String(strings.ToLower(h)))
}

var latinLookAlike = strings.NewReplacer(
	"а", "a", "е", "e", "о", "o", "р", "p", "с", "c", "у", "y", "х", "x", "і", "i", "ј", "j", "ѕ", "s", "һ", "h", "ԁ", "d", "ԛ", "q", "ԝ", "w",
	"ο", "o", "α", "a", "ν", "v", "ι", "i", "κ", "k", "ρ", "p", "υ", "u",
	// reviewer 56e: Armenian letters, the Cyrillic palochka, and Latin
	// letters IDNA lets into a name that NFKC keeps (dotless ı, script ɑ
	// and ɡ, small capitals): two of them were two edits, no look-alike.
	"օ", "o", "ս", "u", "ո", "n", "հ", "h", "ց", "g", "զ", "q", "ӏ", "l",
	"ı", "i", "ɩ", "i", "ɪ", "i", "ȷ", "j", "ɑ", "a", "ɡ", "g", "ᴄ", "c", "ᴏ", "o", "ᴠ", "v", "ᴡ", "w", "ᴢ", "z", "ꜱ", "s", "ᴜ", "u")

// lookAlikeHosts reports whether host names a and b are two owners'
// hosts, yet one reads as the other (readAs, then hostSkeleton): the same
// skeleton, one edit apart before or after the skeleton is taken (a
// character added, dropped or replaced, or two neighbours swapped), or
// one the other followed by a dot or a hyphen and more
// ("pcf.chengdu.gov.cn.evil.com"). Hosts under one registered name (the
// label before the public suffix, publicsuffix.EffectiveTLDPlusOne) are
// one owner's, and no forger's: pcf1 and pcf7.example.cn, cd. and
// cq.pcf.example.cn are that owner's services, numbered or lettered
// (reviewer 56b: the letters were refused, and a digit in the registered
// name, chengdu-pcf1.cn, anyone's to register, was let pass).
func lookAlikeHosts(a, b string) bool {
	if a == "" || b == "" || a == b {
		return false
	}
	if ea, eb := registered(a), registered(b); ea != "" && ea == eb {
		return false
	}
	ra, rb := readAs(a), readAs(b)
	sa, sb := hostSkeleton.Replace(ra), hostSkeleton.Replace(rb)
	return ra == rb || sa == sb || followed(sa, sb) || followed(sb, sa) ||
		oneEdit([]rune(ra), []rune(rb)) || oneEdit([]rune(sa), []rune(sb)) ||
		suffixLabel(a, sa, sb) || suffixLabel(b, sb, sa)
}

// followed reports whether skeleton b is skeleton a, or one edit from
// it, followed by a dot and more: "pcf.chengdu.gov.cn.evil.com", and
// (reviewer 56e) "pcf.chengdս.gov.cn.com" with an Armenian ս, or
// "pcf.chengdv.gov.cn.com", which were two rules' worth and neither's.
func followed(a, b string) bool {
	ra := []rune(a)
	for i, r := range []rune(b) {
		if r == '.' && i > 0 && (string([]rune(b)[:i]) == a || oneEdit(ra, []rune(b)[:i])) {
			return true
		}
	}
	return false
}

// suffixLabel reports whether skeleton sl, that of host l, is skeleton s
// with one label of l's public suffix added (reviewer 56e): a forger's
// "pcf.chengdu.gov.com.cn", registered under com.cn, reads as
// "pcf.chengdu.gov.cn" with ".com" slipped in, four characters the
// one-edit rule never reached.
func suffixLabel(l, sl, s string) bool {
	if a, err := idna.ToASCII(l); err == nil {
		l = a
	}
	ps, _ := publicsuffix.PublicSuffix(l)
	n := strings.Count(ps, ".") + 1 // the suffix's labels, the last of sl's
	ll := strings.Split(sl, ".")
	for i := len(ll) - n; i >= 0 && i < len(ll)-1 && len(ll) > 2; i++ {
		if strings.Join(slices.Concat(ll[:i], ll[i+1:]), ".") == s {
			return true
		}
	}
	return false
}

// registered returns the registered name of host h as DNS holds it (its
// punycode form), "" if it has none (localhost).
func registered(h string) string {
	if a, err := idna.ToASCII(h); err == nil {
		h = a
	}
	e, err := publicsuffix.EffectiveTLDPlusOne(h)
	if err != nil || sharedHosting[e] {
		return ""
	}
	return e
}

// sharedHosting are names under which anyone may have a host of their own
// named (a storage bucket, a function's default domain, a Pages site),
// and which the public suffix list does not hold (reviewer 56e): a
// forger's bucket chengdu-pcfl.oss-cn-chengdu.aliyuncs.com was taken for
// the genuine chengdu-pcf's owner's, and never a look-alike. github.io,
// herokuapp.com, vercel.app, pages.dev, azurewebsites.net and
// s3.amazonaws.com's buckets are in the list. Hosts under these have no
// registered name: two a character apart are look-alikes.
var sharedHosting = map[string]bool{
	"aliyuncs.com":      true, // Alibaba Cloud OSS buckets, Function Compute
	"fcapp.run":         true, // Alibaba Cloud Function Compute default domains
	"myqcloud.com":      true, // Tencent Cloud COS buckets
	"bcebos.com":        true, // Baidu BOS buckets
	"myhuaweicloud.com": true, // Huawei Cloud OBS buckets
	"gitee.io":          true, // Gitee Pages
}

// oneEdit reports whether a and b, which differ, are one edit apart:
// one character inserted, deleted or replaced, or two adjacent ones
// swapped.
func oneEdit(a, b []rune) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(b)-len(a) > 1 {
		return false
	}
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	switch {
	case len(a) < len(b):
		return slices.Equal(a[i:], b[i+1:]) // inserted
	case i == len(a):
		return false // the same
	case slices.Equal(a[i+1:], b[i+1:]):
		return true // replaced
	}
	return i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && slices.Equal(a[i+2:], b[i+2:]) // swapped
}

// lookAlikeOf returns a body of ks (nil: off or unread) answered for by a service whose host
// is a look-alike of the host of base (lookAlikeHosts), or nil. Of
// several, the one recorded first.
func lookAlikeOf(ks *knownServices, base string) *knownBody {
	h := hostName(base)
	if h == "" || ks == nil {
		return nil
	}
	keys := make([]string, 0, len(ks.Bodies))
	for k := range ks.Bodies {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var found *knownBody
	for _, k := range keys {
		b := ks.Bodies[k]
		if lookAlikeHosts(h, hostName(b.Service)) && (found == nil || b.Recorded.Before(found.Recorded)) {
			found = &b
		}
	}
	return found
}

// refuseLookAlike says NOT VERIFIED for certificate c of file, whose
// service (base: the server asked, or offline the address the certificate
// signs) has a host a look-alike of the host of o.Service, the service
// the record at path holds for another body, and returns the error.
func refuseLookAlike(stdout io.Writer, file string, c *certification.Certificate, o *knownBody, path, base string) error {
	names := certifierNames(c)
	h, oh := hostName(base), hostName(o.Service)
	say(stdout, "NOT VERIFIED 未能验证",
		labels.Line{ZH: fmt.Sprintf("本证书的服务地址 %s 的主机 %s 与 %s 仅一字之差、形近（如 1 与 l、0 与 o、rn 与 m、连字符与点），或只在其后或域名后缀中多出一段（如 …cn.evil.com、…gov.com.cn）；后者是此前为认证机构 %s（批准号 %s）答复的服务（%s 核验证书 %s 时记入 %s）。两者之一很可能是仿冒另一个的地址，本证书的认证机构 %s 对本机是首次出现，无从比对。",
			base, h, oh, o.Names, o.Approval, o.Recorded.Format(time.RFC3339), o.Certificate, path, names),
			EN: fmt.Sprintf("the host %s of the certificate's service %s is one character from, reads as, or only adds a label after or within the suffix of, %s (1 for l, 0 for o, rn for m, a hyphen for a dot; …cn.evil.com, …gov.com.cn), the service that answered for the certification body %s (approval No. %s) before (recorded in %s at %s, certificate %s). One of the two is likely a look-alike of the other; the certificate's body, %s, is new to this computer and has nothing to be compared with.",
				h, base, oh, o.Names, o.Approval, path, o.Recorded.Format(time.RFC3339), o.Certificate, names)},
		labels.Line{ZH: fmt.Sprintf("请向认证机构或主管部门（而不是从标识上）核实其服务地址。若 %s 确是另一家认证服务的地址，请为该机构另用一个记录文件（$%s=另一文件路径）核验，此后它在那里受同样的保护，每次核验该机构的证书时都须如此；设 $%s=off 也能核验，但什么也不记入。", h, knownServicesEnv, knownServicesEnv),
			EN: fmt.Sprintf("Ask the certification body or the authority (not the label) for its service's address. If %s is, as you know it, another certification service's address, verify with a record file of its own for that body ($%s=another path), where it is then kept as any first service is, each time you verify this body's certificates; $%s=off verifies too, but records nothing.", h, knownServicesEnv, knownServicesEnv)})
	return bilingualError(fmt.Sprintf("%s：服务主机 %s 与已知服务的主机 %s 形近", file, h, oh),
		fmt.Sprintf("%s: the service's host %s is a look-alike of the known service's host %s", file, h, oh))
}

// serviceIn returns the body of the record of known services ks (nil:
// off or unread) answered for by the service at base (the address a
// certificate signs), or by one on its host (sameHost), whose keys were
// recorded last: the service publishes every key it signs with, for every
// body, so those keys are the service's as of then whatever the body. nil
// if none holds keys.
func serviceIn(ks *knownServices, base string) *knownBody {
	if ks == nil || base == "" {
		return nil
	}
	var found *knownBody
	for _, k := range slices.Sorted(maps.Keys(ks.Bodies)) { // in order: the same body named at every run when two tie
		b := ks.Bodies[k]
		if len(b.Keys) > 0 && (sameKnownService(base, b.Service) || sameHost(base, b.Service)) && (found == nil || b.KeysAt.After(found.KeysAt)) {
			found = &b
		}
	}
	return found
}

// sameHost reports whether URLs a and b name the same host, whatever
// their paths, ports, case or a trailing dot: a host publishes the keys
// of every service it runs, as the record holds them (reviewer 56b: a
// forger naming the recorded host under another path, or with a trailing
// dot, was matched to no recorded service, nor taken for a look-alike).
func sameHost(a, b string) bool {
	ha := urlHost(a)
	return ha != "" && ha == urlHost(b)
}

package area

import "regexp"

// ownAfterZH finds, after a Chinese count of screens (双屏, 两块屏幕, 三屏,
// countRe), what makes them the product's own: the end of the name or a
// mark between words, or a compound word whose head is a noun of a thing
// with screens or a screen's own (双屏笔记本电脑, 双屏异显收银机, 双屏游戏本,
// 双屏显示器, 双屏触控, 双屏版), or a series' word (双屏Pro). A Chinese
// compound ends in its head: 双屏办公 (dual-screen office work, with a
// second monitor), 双屏协同, 双屏联动, 双屏拼接, 双屏功能 and 双屏设计 end in a
// use or a feature, and 双屏显示器支架, 双屏扩展坞 and 双屏主机 in another
// product; none of them states two screens of the product.
//
// Session 55 read a Chinese count unless a feature word from a list
// followed it within four characters (featureAfter): the list had no end,
// and 双屏办公, 双屏联动, 双屏拼接 and 双屏功能 each doubled a one-screen
// monitor's bound (reviewer 55b). As the English ownAfter, only what is
// listed here is read, and the whole compound must be: an honest name with
// another word after its count (示例14英寸双屏办公笔记本) is refused as one
// screen, with a message saying what was read, and 双屏笔记本 states it. The
// feature list is still checked too (featureAfter, featureBefore). The
// traditional characters (雙螢幕筆記型電腦, 兩塊顯示屏), as Taiwan and Hong
// Kong write a name, are read as the simplified ones.
var ownAfterZH = regexp.MustCompile(`^[\s\-‐‑–]*(?:$|` + zhMark + `|(?:(?:` + zhKind + `|` + zhHead + `|` + zhScreen + `)*(?:` + zhHead + `|` + zhScreen + `)|` + zhSeries + `)(?:` + zhSeries + `)*(?:$|\s|` + zhMark + `))`)

const (
	// zhMark is a mark between words, ending the compound.
	zhMark = `[,;.:)(\[\]/+&|·•、，。；：（）!！?？"“”'‘’《》【】]`
	// zhHead is the head of a compound naming a thing that has the
	// screens: the product's noun (笔记本电脑, 收银机 through 机, 游戏本 through
	// 本), a screen's, or the product's own edition (双屏版, 双屏款). Not 主机
	// (a computer driving two monitors), nor 支架, 坞, 线, 器 or 系统.
	zhHead = `(?:笔记本电脑|笔记本|筆記型電腦|筆記本電腦|筆電|电脑|電腦|计算机|一体机|機|机|本|显示器|顯示器|显示屏|顯示屏|触摸屏|触控屏|觸控屏|屏幕|螢幕|屏|平板电脑|平板電腦|平板|手机|手機|终端|終端|标牌|电子书|阅读器|设备|設備|电视|電視|白板|工作站|秤|款|版|(?i:pos|pc|aio|kiosk))`
	// zhKind is a word of the product's kind before its head (收银, 游戏,
	// 便携式, 的; its system or trade, 安卓, Windows, 餐饮, 超市, as a cash
	// register's name gives them: reviewer 56b), or a size (14英寸); none
	// stands as a head.
	zhKind = `(?:便携式|便携|可折叠|折叠式|折叠|翻转|翻盖|曲面|柔性|旗舰|轻薄|商用|商务|智能|交互式|交互|数字|广告|自助|查询|收银|收款|点餐|叫号|售票|售货|挂号|缴费|会议|教学|医疗|工控|工业|车载|一体|游戏|电竞|立式|落地式|壁挂式|台式|新款|安卓|餐饮|超市|零售|门店|二合一|(?i:android|windows|win\d{0,2})|的|\d+(?:\.\d+)?\s*(?:英寸|英吋|吋|寸))`
	// zhScreen is a word of the screens themselves (触控, 液晶, 异显: two
	// screens showing different things, as a cash register's), which may
	// end the compound as the screens' noun may (双屏触控, 双屏异显).
	zhScreen = `(?:触控|觸控|触摸|觸摸|液晶|异显|異顯|同显|同顯|异触|双触|触屏|觸屏|电容屏|电容|墨水屏|高清|全高清|超清|(?i:oled|amoled|lcd|led|ips|tft|mini-?led))`
	// zhSeries is a series' word or a model's figure (Pro, Plus, X1, 2024,
	// 4K): 华硕灵耀X双屏Pro is a dual-screen laptop's name. Letters with
	// no figure (HDMI, USB, KVM) are none.
	zhSeries = `(?:(?i:pro|plus|max|ultra|air|duo|lite|mini|neo|fold|flip|se)|[A-Za-z]?\d{1,4}(?:\.\d)?[A-Za-z]?)`
)

package clean

import (
	"regexp"
	"strings"
)

// boundary is where the quoted history of a message starts: the line index
// at, the number of lines its marker spans (an attribution, a separator, a
// header block), and whether it introduces a forwarded message rather than
// a reply's quoted history.
type boundary struct {
	at, span int
	forward  bool
}

// Reply attribution lines, as clients write them above the quoted message:
// Gmail "On Tue, 3 Nov 2026 at 10:02, Jane <j@x> wrote:", Apple Mail
// "On 3 Nov 2026, at 10:02, Jane <j@x> wrote:", Thunderbird "On 11/3/26
// 10:02 AM, Jane wrote:", German "Am 03.11.2026 um 10:02 schrieb Jane:",
// Polish "W dniu 3.11.2026 o 10:02 Jan <j@x> napisał(a):", plus French,
// Dutch and Spanish. Long attributions are wrapped by the client, so up to
// three lines are joined before matching.
var attribution = regexp.MustCompile(`(?i)^(?:` +
	`on\s.{1,300}\swrote\s?:` +
	`|am\s.{1,300}\sschrieb.{0,300}:` +
	`|.{1,300}\sschrieb am\s.{1,100}:` +
	`|(?:w dniu|dnia)\s.{1,300}\s(?:napisał(?:\(a\)|a)?|pisze)\s?:` +
	`|le\s.{1,300}\sa écrit\s?:` +
	`|op\s.{1,300}\sschreef.{0,300}:` +
	`|el\s.{1,300}\sescribió\s?:` +
	`)$`)

// attributionStart says which lines may begin a wrapped attribution.
var attributionStart = regexp.MustCompile(`(?i)^(?:on|am|w dniu|dnia|le|op|el)\s`)

// separator matches the lines Outlook and others put above a quoted or
// forwarded message; forwardMarker those that announce a forward.
var (
	separator = regexp.MustCompile(`(?i)^(?:-{2,}\s*(?:original message|ursprüngliche nachricht|original-nachricht|` +
		`wiadomość oryginalna|oryginalna wiadomość|message d'origine|oorspronkelijk bericht|mensaje original)\s*-{2,}` +
		`|_{10,})$`)
	// A marker may name the forward in two languages ("Wiadomość
	// przekazana / Forwarded message"), and Polish without its diacritics.
	forwardMarker = regexp.MustCompile(`(?i)^(?:-{2,}\s*` + fwdName + `(?:\s*[/|]\s*` + fwdName + `)*\s*-{2,}` +
		`|begin forwarded message:|anfang der weitergeleiteten nachricht:|pocz[ąa]tek przekazanej wiadomo[śs]ci:)$`)
)

// fwdName is one language's name of a forwarded message in a marker line.
const fwdName = `(?:forwarded message|weitergeleitete nachricht|przekazana wiadomo[śs][ćc]|wiadomo[śs][ćc] przekazana(?: dalej)?|` +
	`message transf[ée]r[ée]|doorgestuurd bericht|mensaje reenviado)`

// Header block keys ("From: … Sent: … To: … Subject: …") in English,
// German, Polish, French and Dutch, by role. Gmail's HTML-to-text renders
// them bold ("*From:* …"), hence the stars headerLine strips.
var (
	fromKeys   = set("from", "von", "od", "de", "van")
	strongKeys = set("sent", "date", "subject", "gesendet", "datum", "betreff", "wysłano", "data", "temat",
		"envoyé", "objet", "verzonden", "onderwerp")
	otherKeys   = set("to", "cc", "bcc", "reply-to", "an", "do", "dw", "à", "aan", "kopie")
	subjectKeys = set("subject", "betreff", "temat", "objet", "onderwerp")
	fwdPrefixes = []string{"fwd:", "fw:", "wg:", "pd:", "tr:", "doorst:"}
)

func set(keys ...string) map[string]bool {
	m := make(map[string]bool, len(keys))
	for _, k := range keys {
		m[k] = true
	}
	return m
}

// headerLine splits a "Key: value" line into its lower-cased key and its
// value; ok is false when the line does not start with a short key and a
// colon.
func headerLine(line string) (key, value string, ok bool) {
	l := strings.TrimPrefix(line, "*")
	i := strings.IndexByte(l, ':')
	if i <= 0 || i > 12 {
		return "", "", false
	}
	key = strings.ToLower(strings.TrimRight(l[:i], " *"))
	value = strings.TrimSpace(strings.TrimLeft(l[i+1:], "*"))
	return key, value, fromKeys[key] || strongKeys[key] || otherKeys[key]
}

// isFromLine says whether line is a header block's From line.
func isFromLine(line string) bool {
	k, v, ok := headerLine(line)
	return ok && fromKeys[k] && v != ""
}

// findBoundary returns the first boundary in lines, or ok false.
func findBoundary(lines []string) (b boundary, ok bool) {
	for i, line := range lines {
		switch {
		case line == "":
		case (line[0] == '-' || line[0] == '_' || line[len(line)-1] == ':') && forwardMarker.MatchString(line):
			return boundary{at: i, span: 1, forward: true}, true
		case (line[0] == '-' || line[0] == '_') && separator.MatchString(line):
			_, fwd := headerBlock(lines, nextNonBlank(lines, i+1))
			return boundary{at: i, span: 1, forward: fwd}, true
		case isFromLine(line):
			if n, fwd := headerBlock(lines, i); n > 0 {
				return boundary{at: i, span: n, forward: fwd}, true
			}
		case strings.IndexByte("oOaAwWdDlLeE", line[0]) >= 0 && attributionStart.MatchString(line) || strings.HasSuffix(line, ":"):
			joined := line
			for k := 0; k < 3 && i+k < len(lines) && len(joined) <= 600; k++ {
				if k > 0 {
					joined += " " + lines[i+k]
				}
				if strings.HasSuffix(joined, ":") && attribution.MatchString(joined) {
					return boundary{at: i, span: k + 1}, true
				}
				if !attributionStart.MatchString(line) {
					break
				}
			}
		}
	}
	return boundary{}, false
}

// headerBlock reports how many lines from lines[i] form a quoted message's
// header block: a From line followed, within the next six lines, by at
// least two more header lines of which one is a Sent, Date or Subject line.
// fwd says its Subject starts with a forward prefix (Fwd:, FW:, WG:, PD:).
func headerBlock(lines []string, i int) (n int, fwd bool) {
	if i >= len(lines) || !isFromLine(lines[i]) {
		return 0, false
	}
	keys, strong, end := 1, false, i+1
	for j := i + 1; j < len(lines) && j <= i+6; j++ {
		k, v, ok := headerLine(lines[j])
		if !ok {
			break
		}
		keys++
		strong = strong || strongKeys[k]
		if subjectKeys[k] {
			lv := strings.ToLower(v)
			for _, p := range fwdPrefixes {
				fwd = fwd || strings.HasPrefix(lv, p)
			}
		}
		end = j + 1
	}
	if keys < 3 || !strong {
		return 0, false
	}
	return end - i, fwd
}

// nextNonBlank is the index of the first non-blank line at or after i, or
// len(lines).
func nextNonBlank(lines []string, i int) int {
	for i < len(lines) && lines[i] == "" {
		i++
	}
	return i
}

// isHeader says whether line is a header block line.
func isHeader(line string) bool { _, _, ok := headerLine(line); return ok }

// isQuoted says whether a line is "> " quoted.
func isQuoted(line string) bool { return strings.HasPrefix(strings.TrimLeft(line, " "), ">") }

// unquote removes one level of "> " quoting from every line.
func unquote(lines []string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		l = strings.TrimLeft(l, " ")
		l = strings.TrimPrefix(l, ">")
		out[i] = strings.TrimPrefix(l, " ")
	}
	return out
}

// forwarded returns the message a boundary introduces: the lines after its
// marker, without the header block that follows a marker, unquoted when
// every non-blank line is "> " quoted.
func forwarded(lines []string, b boundary) []string {
	rest := lines[b.at+b.span:]
	i := nextNonBlank(rest, 0)
	if n, _ := headerBlock(rest, i); n > 0 {
		rest = rest[i+n:]
	} else {
		// Apple Mail and Gmail forwards may list the headers without From
		// first (Subject, Date, To): skip any header lines.
		for i < len(rest) && isHeader(rest[i]) {
			i++
		}
		rest = rest[i:]
	}
	all := false
	for _, l := range rest {
		if l == "" {
			continue
		}
		if all = isQuoted(l); !all {
			break
		}
	}
	if all {
		rest = unquote(rest)
	}
	return rest
}

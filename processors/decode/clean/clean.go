// Package clean prepares inbound email text for a decision: it normalises
// the text and separates the new message from quoted history, forwarded
// headers and signatures, so that the rules and the LLM read only what the
// sender wrote now (and an older order quoted below a reply is not
// extracted twice).
//
// No maintained Go library does reply and signature stripping across the
// clients and languages triage sees, so it is written here: line patterns
// for Gmail, Outlook, Apple Mail and Thunderbird in English, German and
// Polish (and the French, Dutch and Spanish attributions), tested by a
// table per style and golden files in processors/decode/testdata/clean.
package clean

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// Result is a cleaned message. New, Quoted and Signature are normalised (see
// Normalize) and trimmed; together they hold every line of the normalised
// input except quote markers, forward markers and forwarded header blocks.
type Result struct {
	// New is the text the sender wrote in this message, what decisions are
	// made on; for a forward whose own text is empty or only a pointer
	// ("FYI", "see below"), that text followed by the forwarded message.
	New string
	// Quoted is the quoted history: "> " lines and everything from the
	// first reply attribution, "Original Message" separator or quoted header
	// block on (of the forwarded message when Forwarded).
	Quoted string
	// Signature is the stripped signature: a "-- " block, a sign-off with
	// its name block, "Sent from my iPhone" lines and legal disclaimers.
	Signature string
	// Forwarded says New includes a forwarded message.
	Forwarded bool
	// OriginalChars counts the runes of the input, CleanedChars those of
	// New and QuotedChars those of Quoted.
	OriginalChars, CleanedChars, QuotedChars int
	// SignatureStripped says Signature is not empty.
	SignatureStripped bool
}

// maxForwardDepth bounds how many nested forwards Clean unwraps.
const maxForwardDepth = 4

// Clean normalises text (see Normalize) and splits it into the new message,
// the quoted history and the signature:
//
//  1. the quoted history starts at the first reply attribution ("On … wrote:",
//     "Am … schrieb …:", "W dniu … napisał(a):"), separator ("-----Original
//     Message-----", "-----Ursprüngliche Nachricht-----", "-----Wiadomość
//     oryginalna-----", a line of underscores), quoted header block ("From:
//     … Sent: … To: … Subject:", "Von: … Gesendet: … Betreff:", "Od: …
//     Wysłano: … Temat:") or forward marker ("---------- Forwarded message
//     ---------", "Begin forwarded message:"); "> " lines above it are
//     quoted too;
//  2. the signature of what remains starts at a "-- " line, a "Sent from my
//     iPhone" line (German, Polish and French too), a legal disclaimer, or a
//     sign-off ("Best regards,", "Mit freundlichen Grüßen", "Pozdrawiam")
//     followed only by a short name block;
//  3. when the history is a forwarded message (a forward marker, or a header
//     block whose subject starts "Fwd:", "FW:", "WG:" or "PD:") and the new
//     text is empty or only a short pointer ("FYI", "see below", "siehe
//     unten", "poniżej"), the forwarded message, cleaned the same way, is
//     appended to New (up to four nested forwards); above a reply's history
//     only a forwarding pointer ("FYI", "zur Info", "przesyłam") does that,
//     or, above either, a short request to act on the message below
//     ("please process this", "can you order the items below", "Bitte
//     bearbeiten").
//
// Clean never fails; it runs in time linear in len(text) and its output is
// valid UTF-8.
func Clean(text string) Result {
	r := split(strings.Split(Normalize(text), "\n"), 0)
	r.OriginalChars = utf8.RuneCountInString(text)
	r.CleanedChars = utf8.RuneCountInString(r.New)
	r.QuotedChars = utf8.RuneCountInString(r.Quoted)
	r.SignatureStripped = r.Signature != ""
	return r
}

// split cleans normalised lines; depth counts the forwards unwrapped.
func split(lines []string, depth int) Result {
	var quoted []string
	b, found := findBoundary(lines)
	head := lines
	if found {
		head = lines[:b.at]
	}
	var own []string
	for _, l := range head {
		if isQuoted(l) {
			quoted = append(quoted, l)
		} else {
			own = append(own, l)
		}
	}
	s := signatureStart(own)
	r := Result{New: JoinLines(own[:s]), Signature: JoinLines(own[s:])}
	if !found {
		r.Quoted = JoinLines(quoted)
		return r
	}
	empty := strings.TrimSpace(r.New) == ""
	if depth < maxForwardDepth && (b.forward && empty || pointer(r.New, b.forward) || request(r.New)) {
		sub := split(strings.Split(Normalize(strings.Join(forwarded(lines, b), "\n")), "\n"), depth+1)
		r.New = joinParts(r.New, sub.New)
		r.Quoted = joinParts(JoinLines(quoted), sub.Quoted)
		r.Signature = joinParts(r.Signature, sub.Signature)
		r.Forwarded = true
		return r
	}
	r.Quoted = joinParts(JoinLines(quoted), JoinLines(lines[b.at:]))
	return r
}

// pointerWords bounds the length of a pointer-only new text.
const pointerWords = 12

// Phrases that point at the message below as the real content: any of
// pointerPhrase above a forwarded message, only the forwarding ones
// (fwdPhrase) above a reply's quoted history, where "see below" more often
// introduces answers to an older message.
var (
	fwdPhrase = regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:fyi|fwd?|forward(?:ed|ing)?|zur (?:info|kenntnis)|` +
		`weitergeleitet|leite .{0,30}weiter|przesyłam|przekazuję|do wiadomości)(?:$|[^\p{L}])`)
	pointerPhrase = regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:see (?:below|the (?:order|email|mail|message) below)|below|` +
		`siehe unten|unten|poniżej)(?:$|[^\p{L}])`)
)

// pointer says whether text is only a short pointer to the message below
// a boundary that is a forward when fwd is set.
func pointer(text string, fwd bool) bool {
	if text == "" || len(strings.Fields(text)) > pointerWords {
		return false
	}
	return fwdPhrase.MatchString(text) || fwd && pointerPhrase.MatchString(text)
}

// requestWords bounds the length of a new text that asks to act on the
// message below.
const requestWords = 30

// reqPhrase: the sender asks us to act on the message below ("please
// process this", "can you order the items below", "Bitte bearbeiten").
var reqPhrase = regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:please|pls|kindly|(?:can|could|would) (?:you|u))(?: [\p{L}'’]+){0,2}? ` +
	`(?:process|handle|action|order|book|place|traiter|commander|tramitar|procesar)` +
	`(?:[^\p{L}.?!]+[\p{L}'’]+){0,4}?[^\p{L}.?!]+(?:this|these|it|them|below|the (?:order|list|items?)|ci-dessous|abajo)(?:$|[^\p{L}])|` +
	`(?:^|[^\p{L}])bitte (?:bearbeiten|erledigen|bestellen)(?:$|[^\p{L}])|` +
	// "Please process for the Leeds branch.", "Kindly process, thanks":
	// the verb with nothing but whom it is for after it
	`(?:^|[^\p{L}])(?:please|pls|kindly) (?:process|handle|action)(?:[^\p{L}]*$|[ ,]+(?:for|asap|thanks|thank you|urgently|today)(?:$|[^\p{L}]))`)

// request says whether text is short and asks us to act on the message
// below it (a forward or a quoted message): then that message is what to
// decide on, as for a pointer.
func request(text string) bool {
	return text != "" && len(strings.Fields(text)) <= requestWords && reqPhrase.MatchString(text)
}

// JoinLines joins lines, collapsing runs of blank lines into one (removing
// quoted lines may leave two blank lines together) and dropping blank lines
// at either end. HTML-to-text conversion tidies its output with it too.
func JoinLines(lines []string) string {
	var b strings.Builder
	blank := false
	for _, l := range lines {
		if l == "" {
			blank = b.Len() > 0
			continue
		}
		if b.Len() > 0 {
			b.WriteString("\n")
			if blank {
				b.WriteString("\n")
			}
		}
		blank = false
		b.WriteString(l)
	}
	return b.String()
}

// joinParts joins the non-empty parts with a blank line.
func joinParts(parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, "\n\n")
}

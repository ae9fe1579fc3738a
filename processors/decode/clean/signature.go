package clean

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// Signature markers, matched against whole (normalised) lines.
var (
	// mobile matches the lines mail apps append ("Sent from my iPhone").
	mobile = regexp.MustCompile(`(?i)^(?:sent from my \S.{0,40}|sent from (?:outlook|mail|yahoo mail|gmail)\b.{0,40}` +
		`|get outlook for \S.{0,30}|sent with proton mail.{0,30}|sent via .{1,40}` +
		`|gesendet von meinem \S.{0,40}|von meinem \S.{0,30} gesendet|gesendet (?:mit|von) .{1,40}` +
		`|wysłane z (?:mojego|mojej|aplikacji|urządzenia) .{1,40}|wysłane z \S.{0,30}` +
		`|envoyé de mon \S.{0,40})$`)
	// disclaimer matches the first line of a legal notice.
	disclaimer = regexp.MustCompile(`(?i)^(?:\*{0,2}(?:disclaimer|confidentiality notice|confidential|legal notice|haftungsausschluss|vertraulichkeitshinweis|klauzula poufności)\*{0,2}\s*(?:[:.-]|$)` +
		`|this (?:e-?mail|message|communication)\b.{0,80}\b(?:confidential|privileged|intended (?:solely|only))` +
		`|the information (?:contained )?in this (?:e-?mail|message)` +
		`|(?:diese|die) (?:e-?mail|nachricht)\b.{0,80}\b(?:vertraulich|rechtlich geschützt)` +
		`|(?:ta|niniejsza) wiadomość.{0,80}\b(?:poufn|zastrzeżon|przeznaczon)` +
		`|treść (?:tej|niniejszej) wiadomości` +
		`|please consider the environment before printing|bitte denken sie an die umwelt)`)
	// signOff matches a closing line, optionally followed on the same line
	// by a name of up to three words.
	signOff = regexp.MustCompile(`(?i)^(?:(?:best|kind|warm|warmest|many thanks and|with kind|with best)?\s?(?:regards|wishes)` +
		`|thanks(?: a lot| again| in advance| so much)?|thank you(?: very much| in advance)?|many thanks|cheers|best|all the best` +
		`|sincerely|yours(?: sincerely| faithfully| truly)?|cordialement|bien à vous|met vriendelijke groet(?:en)?` +
		`|mit (?:freundlichen|besten|herzlichen|lieben) grüßen|(?:viele|beste|liebe|herzliche|schöne|freundliche) grüße|grüße|gruß|lg|mfg|vg` +
		`|danke(?: schön| sehr| und grüße)?|vielen dank|pozdrawiam(?: serdecznie)?|serdecznie pozdrawiam|z poważaniem` +
		`|z wyrazami szacunku|pozdrowienia|dziękuję(?: bardzo)?|dzięki)` +
		`[,.!]*(?:\s+[\p{L}][\p{L}.'-]*){0,3}[,.!]?$`)
	// orderish matches lines that look like order content, which never
	// belong to a sign-off's name block.
	orderish = regexp.MustCompile(`(?i)(?:^|\s)(?:\d+\s*(?:x|×|pcs|pieces|stk|stück|szt|units?|boxes|cases)(?:$|[^\p{L}])|x\s*\d+\b)` +
		`|[$€£]\s*\d|\d\s*(?:€|eur|usd|gbp|pln|zł|chf)\b|\bsku\b|^p\.?\s?s\.?\b`)
)

// Bounds of a sign-off's name block.
const (
	maxNameBlockLines = 8
	maxNameBlockRunes = 80
	maxNameBlockWords = 10
)

// signatureStart returns the index of the first line of the signature of a
// message's new part: the earliest "--" delimiter, mobile "Sent from" line
// or disclaimer, or an earlier sign-off line ("Best regards,") that follows
// some text and is followed only by a short name block (at most 8 short
// lines, none looking like order content). It returns len(lines) when there
// is none.
func signatureStart(lines []string) int {
	end := len(lines)
	for i, l := range lines {
		if l == "--" || l == "—" || len(l) <= 80 && mobile.MatchString(l) || disclaimer.MatchString(l) {
			end = i
			break
		}
	}
	// Only the last maxNameBlockLines+1 non-blank lines can start a
	// sign-off: find the first of them, so that the patterns run on a
	// bounded number of lines.
	from, n := end, 0
	for from > 0 && n <= maxNameBlockLines {
		if from--; lines[from] != "" {
			n++
		}
	}
	text := false
	for i := 0; i < end; i++ {
		l := lines[i]
		if i >= from && text && len(l) <= maxSignOffBytes && signOff.MatchString(l) && nameBlock(lines[i+1:end]) {
			return i
		}
		text = text || l != ""
	}
	return end
}

// maxSignOffBytes bounds the length of a sign-off line (a closing phrase
// and a name of up to three words).
const maxSignOffBytes = 120

// nameBlock says whether lines can be the name, title, company, phone and
// address lines under a sign-off.
func nameBlock(lines []string) bool {
	n := 0
	for _, l := range lines {
		if l == "" {
			continue
		}
		if n++; n > maxNameBlockLines || utf8.RuneCountInString(l) > maxNameBlockRunes ||
			len(strings.Fields(l)) > maxNameBlockWords || orderish.MatchString(l) || isQuoted(l) {
			return false
		}
	}
	return true
}

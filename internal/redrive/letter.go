package redrive

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/consumer"
	"github.com/triage/triage/internal/failure"
)

// HeaderRedriveOf is set on every re-driven record: the dead letter it
// copies, "dlq-topic/partition/offset". A record re-driven again carries
// only the latest one.
const HeaderRedriveOf = "triage-redrive-of"

// Why a selected dead letter is not re-driven (Result.Skipped keys).
const (
	SkipUnreadable     = "unreadable"      // not a dead-letter envelope (schemas/dlq.v1.json)
	SkipNoSource       = "no_source"       // no original topic
	SkipDLQSource      = "dlq_source"      // the original topic is the dead-letter topic itself
	SkipUnknownReason  = "unknown_reason"  // a reason this version does not know (--all only)
	SkipPublishRefused = "publish_refused" // --all leaves these out; name the reason to re-drive them
	SkipValueCut       = "value_not_inline"
	SkipKeyCut         = "key_not_inline"
	SkipHeadersCut     = "headers_not_inline"
)

// Coord is a record's place: topic, partition, offset.
type Coord struct {
	Topic     string
	Partition int
	Offset    int64
}

func (c Coord) String() string { return fmt.Sprintf("%s/%d/%d", c.Topic, c.Partition, c.Offset) }

// parseCoord is the inverse of Coord.String.
func parseCoord(s string) (Coord, bool) {
	i := strings.LastIndex(s, "/")
	j := strings.LastIndex(s[:max(i, 0)], "/")
	if j <= 0 {
		return Coord{}, false
	}
	p, err1 := strconv.Atoi(s[j+1 : i])
	o, err2 := strconv.ParseInt(s[i+1:], 10, 64)
	if err1 != nil || err2 != nil {
		return Coord{}, false
	}
	return Coord{s[:j], p, o}, true
}

// Letter is one dead letter read back: where it is, why it was written,
// and the original record it copies.
type Letter struct {
	At       Coord // in the dead-letter topic
	Reason   failure.Reason
	Source   Coord         // the original record
	Original kafka.Message // Topic, Key, Value, Headers; valid when Cut is ""
	// Cut says why Original cannot be rebuilt byte for byte (a Skip*
	// value), or "" when it can.
	Cut string
}

// Open reads the dead letter m of dlqTopic. The original key, value and
// headers are rebuilt only when the envelope holds them inline; otherwise
// Cut names what is missing (a pointer kept the bytes in the source record
// only). A HeaderRedriveOf from an earlier re-drive is dropped from the
// original headers, so the copy carries only the new one.
func Open(m kafka.Message, dlqTopic string) Letter {
	l := Letter{At: Coord{m.Topic, m.Partition, m.Offset}}
	var dl consumer.DeadLetter
	if err := json.Unmarshal(m.Value, &dl); err != nil || dl.Reason == "" {
		l.Cut = SkipUnreadable
		return l
	}
	l.Reason = dl.Reason
	l.Source = Coord{dl.Source.Topic, dl.Source.Partition, dl.Source.Offset}
	switch {
	case dl.Source.Topic == "":
		l.Cut = SkipNoSource
	case dl.Source.Topic == dlqTopic:
		l.Cut = SkipDLQSource
	case dl.ValueB64 == nil:
		l.Cut = SkipValueCut
	case dl.KeyRef != nil:
		l.Cut = SkipKeyCut
	case dl.HeadersOmitted != nil || slices.Contains(dl.Truncated, "headers"):
		l.Cut = SkipHeadersCut
	}
	if l.Cut != "" {
		return l
	}
	o := kafka.Message{Topic: dl.Source.Topic}
	var err error
	if o.Value, err = decode(*dl.ValueB64); err == nil && dl.KeyB64 != "" {
		o.Key, err = decode(dl.KeyB64)
	}
	for _, h := range dl.Headers {
		if err != nil {
			break
		}
		if h.ValueB64 == nil {
			l.Cut = SkipHeadersCut
			return l
		}
		var v []byte
		if v, err = decode(*h.ValueB64); h.Key != HeaderRedriveOf {
			o.Headers = append(o.Headers, kafka.Header{Key: h.Key, Value: v})
		}
	}
	if err != nil {
		l.Cut = SkipUnreadable
		return l
	}
	l.Original = o
	return l
}

// Copy is the record a re-drive publishes for l: the original topic, key,
// value and headers, plus HeaderRedriveOf naming l.
func (l Letter) Copy() kafka.Message {
	o := l.Original
	o.Headers = append(slices.Clip(o.Headers), kafka.Header{Key: HeaderRedriveOf, Value: []byte(l.At.String())})
	return o
}

func decode(s string) ([]byte, error) { return base64.StdEncoding.DecodeString(s) }

package eval

import "github.com/triage/triage/processors/decode"

// decoder is the live decoder, as internal/pipeline builds it, without the
// service's size limit. Safe for concurrent use.
var decoder = &decode.Decoder{}

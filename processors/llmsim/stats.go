package llmsim

import "sync/atomic"

// Stats counts chat requests. Every request counts in Requests and in exactly
// one of Rejected or the mode fields, when its fate is decided (before any
// latency or hang); AnswerErrors and Canceled count, in addition, what went
// wrong afterwards.
type Stats struct {
	Requests      int64 // POST chat completion requests received
	Rejected      int64 // 4xx before a mode applied: bad auth, invalid body or header, unknown model
	OK            int64 // ModeOK: honest answer
	ServerErrors  int64 // ModeError: simulated 500
	RateLimited   int64 // ModeRateLimit: 429
	Hangs         int64 // ModeHang
	Malformed     int64 // ModeMalformed
	OffSchema     int64 // ModeOffSchema
	Hostile       int64 // ModeHostile
	LowConfidence int64 // ModeLowConf
	AnswerErrors  int64 // the Answerer failed or returned invalid JSON: answered 500
	Canceled      int64 // the client left during the simulated latency (hangs not included)
}

// Mode returns the count of requests that got mode m.
func (s Stats) Mode(m Mode) int64 {
	switch m {
	case ModeOK:
		return s.OK
	case ModeError:
		return s.ServerErrors
	case ModeRateLimit:
		return s.RateLimited
	case ModeHang:
		return s.Hangs
	case ModeMalformed:
		return s.Malformed
	case ModeOffSchema:
		return s.OffSchema
	case ModeHostile:
		return s.Hostile
	case ModeLowConf:
		return s.LowConfidence
	}
	return 0
}

// counters is the live, concurrency-safe form of Stats.
type counters struct {
	requests, rejected, answerErrors, canceled atomic.Int64
	modes                                      [len(modes)]atomic.Int64 // indexed like modes
}

func (c *counters) mode(m Mode) {
	for i, known := range modes {
		if m == known {
			c.modes[i].Add(1)
			return
		}
	}
}

func (c *counters) snapshot() Stats {
	m := func(mode Mode) int64 {
		for i, known := range modes {
			if mode == known {
				return c.modes[i].Load()
			}
		}
		return 0
	}
	return Stats{
		Requests:      c.requests.Load(),
		Rejected:      c.rejected.Load(),
		OK:            m(ModeOK),
		ServerErrors:  m(ModeError),
		RateLimited:   m(ModeRateLimit),
		Hangs:         m(ModeHang),
		Malformed:     m(ModeMalformed),
		OffSchema:     m(ModeOffSchema),
		Hostile:       m(ModeHostile),
		LowConfidence: m(ModeLowConf),
		AnswerErrors:  c.answerErrors.Load(),
		Canceled:      c.canceled.Load(),
	}
}

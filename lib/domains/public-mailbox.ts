// Free/public mailbox providers. Anyone can hold an address here, so no organization may claim one
// of these domains: adding them is refused outright (as WorkOS does), and routing and auto-join check
// the list again in case it grew after a domain was added. Data, not logic: extend freely.
export const PUBLIC_MAILBOX_DOMAINS: ReadonlySet<string> = new Set([
  "gmail.com", "googlemail.com",
  "outlook.com", "hotmail.com", "hotmail.co.uk", "hotmail.fr", "live.com", "live.co.uk", "msn.com", "passport.com",
  "yahoo.com", "yahoo.co.uk", "yahoo.fr", "yahoo.de", "yahoo.co.jp", "ymail.com", "rocketmail.com",
  "icloud.com", "me.com", "mac.com",
  "aol.com", "aim.com",
  "proton.me", "protonmail.com", "protonmail.ch", "pm.me",
  "gmx.com", "gmx.de", "gmx.net", "gmx.at", "web.de", "t-online.de", "freenet.de",
  "mail.com", "email.com", "usa.com",
  "zoho.com", "zohomail.com",
  "yandex.ru", "yandex.com", "ya.ru", "mail.ru", "bk.ru", "inbox.ru", "list.ru", "rambler.ru",
  "qq.com", "foxmail.com", "163.com", "126.com", "yeah.net", "sina.com", "sohu.com", "aliyun.com",
  "naver.com", "daum.net", "hanmail.net",
  "fastmail.com", "fastmail.fm", "hey.com",
  "tutanota.com", "tutanota.de", "tuta.io", "tuta.com",
  "orange.fr", "wanadoo.fr", "free.fr", "laposte.net", "sfr.fr",
  "libero.it", "virgilio.it", "tiscali.it",
  "seznam.cz", "wp.pl", "o2.pl", "interia.pl", "onet.pl",
  "rediffmail.com", "btinternet.com", "comcast.net", "verizon.net", "att.net", "sbcglobal.net",
  "bellsouth.net", "cox.net", "charter.net", "earthlink.net", "juno.com",
  "mailinator.com", "guerrillamail.com", "10minutemail.com", "temp-mail.org", "duck.com",
]);

export const isPublicMailboxDomain = (domain: string) => PUBLIC_MAILBOX_DOMAINS.has(domain.toLowerCase());

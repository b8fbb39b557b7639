# Reproduces the article selection for eval/dates_gold.jsonl (seed 2026).
# Usage: .venv/bin/python eval/dates_gold_select.py  -> prints k, source, day, url

import zipfile,json,glob,re,random,collections
arts=[]
for z in sorted(glob.glob('/work/shared/data/saudinewsnet/*.zip')):
    zf=zipfile.ZipFile(z)
    for n in zf.namelist():
        for a in json.load(zf.open(n)):
            a['_file']=n[:-5]; arts.append(a)
WD='(?:السبت|الأحد|الاحد|الاثنين|الإثنين|الثلاثاء|الأربعاء|الاربعاء|الخميس|الجمعة)'
GM='(?:يناير|فبراير|مارس|أبريل|ابريل|إبريل|مايو|يونيو|يوليو|أغسطس|اغسطس|سبتمبر|أكتوبر|اكتوبر|نوفمبر|ديسمبر)'
HM='(?:محرم|صفر|ربيع الأول|ربيع الآخر|ربيع الثاني|جمادى|رجب|شعبان|رمضان|شوال|ذو القعدة|ذي القعدة|ذو الحجة|ذي الحجة)'
KINDS={
 'weekday':WD,
 'relday':r'(?:أمس|امس|اليوم|غدا|غداً|غدًا|البارحة)',
 'relperiod':r'(?:الأسبوع|الاسبوع|الشهر|العام|السنة|الأسبوع|الموسم)\s+(?:الماضي|المقبل|القادم|الحالي|الجاري|المنصرم)',
 'greg':r'\d{1,2}\s*(?:/|-)?\s*'+GM+'|'+GM+r'\s*(?:\(|\d)|\d{4}م|\b20\d\d\b',
 'hijri':r'\d{4}\s*هـ|\d{1,2}\s*(?:من\s*)?'+HM+'|'+HM+r'\s+\d{4}',
 'mundh':r'منذ\s+\S+\s+(?:أيام|يوم|يومين|أسابيع|أسبوع|شهر|أشهر)',
 'time':r'الساعة\s+\S+|صباحا|مساء',
}
KR={k:re.compile(v) for k,v in KINDS.items()}
def kinds(t):
    return {k for k,r in KR.items() if r.search(t)}
HIJ=re.compile(r'\d{1,2}\s*(?:من\s*)?'+HM+r'|\d{4}\s*هـ')
rng=random.Random(2026)
idx=list(range(len(arts))); rng.shuffle(idx)
by=collections.defaultdict(list); byh=collections.defaultdict(list)
for i in idx:
    a=arts[i]; c=a['content'] or ''
    if not (300<=len(c)<=1800): continue
    ks=kinds(c)
    if len(ks)<2: continue
    by[a['source']].append(i)
    if HIJ.search(c): byh[a['source']].append(i)
def rr(by,n,chosen,used):
    srcs=sorted(by); ptr={s:0 for s in srcs}
    target=len(chosen)+n
    while len(chosen)<target:
        prog=False
        for s in srcs:
            while ptr[s]<len(by[s]):
                i=by[s][ptr[s]]; ptr[s]+=1
                key=(s,arts[i]['_file'])
                if key in used or i in chosen: continue
                used.add(key); chosen.append(i); prog=True; break
            if len(chosen)>=target: break
        if not prog: break
chosen=[];used=set()
rr(by,38,chosen,used)
rr(byh,10,chosen,used)
if __name__=='__main__':
  for k,i in enumerate(chosen):
    a=arts[i]; print(k,a["source"],a["date_extracted"],a["url"])

# Regenerates epiestim-datasets-scipy.json (run from this folder): an independent re-implementation
# of EpiEstim estimate_R (weekly windows, prior mean 5 sd 5) with scipy.stats.gamma, as a cross-check.
import json, numpy as np
from scipy.stats import gamma
d=json.load(open('../../../../../../shared/conformance/epi/epiestim-datasets.json'))
def discr_si(k, mu, sigma):
    a=((mu-1)/sigma)**2; b=sigma**2/(mu-1)
    cdf=lambda x,sh: gamma.cdf(x, sh, scale=b) if x>0 else 0.0
    r = k*cdf(k,a)+(k-2)*cdf(k-2,a)-2*(k-1)*cdf(k-1,a)+a*b*(2*cdf(k-1,a+1)-cdf(k-2,a+1)-cdf(k,a+1))
    return max(0.0,r)
def estimate(local, imported, si):
    local=list(local); imported=list(imported); T=len(local)
    imported[0]+=local[0]; local[0]=0
    si=list(si)+[0.0]*max(0,T+1-len(si))
    tot=[l+i for l,i in zip(local,imported)]
    lam=[None]+[sum(si[s]*tot[t-s] for s in range(0,t+1)) for t in range(1,T)]
    msi=sum(k*p for k,p in enumerate(si))
    a0,b0=1.0,5.0
    rows=[]
    for s in range(2,T-6+1):
        e=s+6
        if not e>msi: rows.append(None); continue
        sh=a0+sum(local[s-1:e]); sc=1/(1/b0+sum(lam[s-1:e]))
        rows.append({'t_start':s,'t_end':e,'mean':sh*sc,'sd':np.sqrt(sh)*sc,'q025':gamma.ppf(0.025,sh,scale=sc),'median':gamma.ppf(0.5,sh,scale=sc),'q975':gamma.ppf(0.975,sh,scale=sc)})
    return rows
out={'note':'Cross-check, NOT published output: EpiEstim estimate_R semantics (default weekly windows, prior 5/5) re-implemented in Python with scipy.stats.gamma (cdf for discr_si, ppf for quantiles) by testdata/epiestim-datasets-scipy.py; every 5th window kept. Independent of EpiLink\'s own special functions.','scipy':__import__('scipy').__version__,'datasets':{}}
for name in ['Flu1918','Measles1861','SARS2003','Smallpox1972','covid_deaths_2020_uk','mers_2014_15']:
    ds=d[name]
    if name=='mers_2014_15':
        local=ds['incidence_local']; imp=ds['incidence_imported']; p=ds['si_parametric']
        T=len(local); si=[discr_si(k,p['mean_si'],p['std_si']) for k in range(T)]
        spec={'kind':'parametric','mean':p['mean_si'],'sd':p['std_si']}
    else:
        local=ds.get('incidence') or ds.get('incidence_Incidence'); imp=[0]*len(local); si=ds['si_distr']
        print(name, 'si sum', sum(si), si[0])
        spec={'kind':'distribution'}
    rows=estimate(local, imp, si)
    kept=[r for i,r in enumerate(rows) if r is not None and i%5==0]
    out['datasets'][name]={'serialInterval':spec,'windows':kept}
    print(name, len(local), len(rows), len(kept))
json.dump(out, open('epiestim-datasets-scipy.json','w'), indent=1)

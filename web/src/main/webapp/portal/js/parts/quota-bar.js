// A project's storage quota for administrators: a bar of its usage against the limit, and the limit to set.
import {h, mount} from '../dom.js';
import * as api from '../api.js';
import {size} from '../format.js';
import {failed, toast} from './toast.js';

const MIB = 1024 * 1024;

// Administrators read and set it with the quota API; the project's members read it from Harbor's project summary.
export function quotaFact(project, editable = true) {
  const value = h('div.fact-value', {'data-quota': ''}, 'Loading…');
  let quota = null;

  async function load() {
    try {
      if (editable) {
        const list = (await api.get('/api/v2.0/quotas?reference=project&reference_id=' + project.project_id)).data || [];
        quota = list[0] || null;
      } else {
        quota = (await api.get(api.paths.project(project.name) + '/summary')).data.quota || null;
      }
    } catch (e) {
      mount(value, 'Cannot read the quota: ' + e.message);
      return;
    }
    draw();
  }

  function draw() {
    if (!quota) { mount(value, '—'); return; }
    const limit = quota.hard.storage;
    const used = quota.used.storage;
    const pct = limit > 0 ? Math.min(100, Math.round((used / limit) * 100)) : 0;
    const input = h('input', {type: 'number', min: '-1', step: '1', name: 'storage-limit-mib', 'aria-label': 'Storage limit in MiB (-1: unlimited)',
      value: limit < 0 ? '-1' : String(Math.round((limit / MIB) * 100) / 100), style: {width: '7em'}});
    const save = h('button.btn', {type: 'button', 'data-action': 'quota-save'}, 'Set');
    save.addEventListener('click', async () => {
      const mib = Number(input.value);
      const storage = mib < 0 ? -1 : Math.round(mib * MIB);
      save.disabled = true;
      try {
        await api.put('/api/v2.0/quotas/' + quota.id, {hard: {storage}});
        toast('Quota set', 'success');
        await load();
      } catch (e) {
        failed('Could not set the quota', e);
        save.disabled = false;
      }
    });
    mount(value,
        h('div', {'data-quota-used': String(used), 'data-quota-limit': String(limit)},
            size(used) + ' of ' + (limit < 0 ? 'unlimited' : size(limit))),
        limit > 0 ? h('div.progress', {role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': String(limit), 'aria-valuenow': String(used)},
            h('div.progress-fill', {style: pct >= 85 ? {width: pct + '%', background: '#c92100'} : {width: pct + '%'}})) : null,
        editable ? h('div', input, ' MiB ', save) : null);
  }

  load();
  return h('div.fact', h('div.fact-label', 'Quota'), value);
}

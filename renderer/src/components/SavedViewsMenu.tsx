/** Saved views of a list (kept on this computer): apply one, save the current one, delete one. */
import { ActionIcon, Button, Group, Menu, Modal, Stack, Text, TextInput } from '@mantine/core';
import { IconBookmark, IconBookmarkPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useSavedViews } from '../hooks/useSavedViews.ts';
import { navigate } from '../router/router.ts';

export interface SavedViewsMenuProps {
  /** Which list: views of one list are not offered on another. */
  listKey: string;
  path: string;
  /** The current view's query string. */
  query: string;
}

export function SavedViewsMenu({ listKey, path, query }: SavedViewsMenuProps) {
  const { views, save, remove } = useSavedViews<string>(listKey);
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const current = views.find((v) => v.state === query);

  const submit = () => {
    if (!name.trim()) return;
    save(name.trim(), query);
    setNaming(false);
    setName('');
  };

  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button variant="default" leftSection={<IconBookmark size={16} />}>
            {current ? current.name : 'Views'}
          </Button>
        </Menu.Target>
        <Menu.Dropdown miw={240}>
          <Menu.Label>Saved views</Menu.Label>
          {views.length === 0 && (
            <Text size="xs" c="dimmed" px="sm" py={4}>
              None yet. Set search, filters and sort, then save them here.
            </Text>
          )}
          {views.map((v) => (
            <Menu.Item
              key={v.name}
              onClick={() => navigate(`${path}${v.state ? `?${v.state}` : ''}`)}
              rightSection={
                <ActionIcon
                  component="span"
                  size="sm"
                  variant="subtle"
                  color="red"
                  aria-label={`Delete view ${v.name}`}
                  onClick={(e) => {
                    e.stopPropagation();
                    remove(v.name);
                  }}
                >
                  <IconTrash size={14} />
                </ActionIcon>
              }
            >
              {v.name}
            </Menu.Item>
          ))}
          <Menu.Divider />
          <Menu.Item leftSection={<IconBookmarkPlus size={16} />} onClick={() => setNaming(true)}>
            Save current view…
          </Menu.Item>
          {query && <Menu.Item onClick={() => navigate(path)}>Reset to the default view</Menu.Item>}
        </Menu.Dropdown>
      </Menu>
      <Modal opened={naming} onClose={() => setNaming(false)} title="Save this view" size="sm">
        <Stack>
          <TextInput
            label="Name"
            placeholder="e.g. Principals in Ohio"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            onKeyDown={(e) => e.key === 'Enter' && submit()}
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setNaming(false)}>
              Cancel
            </Button>
            <Button onClick={submit} disabled={!name.trim()}>
              Save view
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
